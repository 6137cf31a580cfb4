import { afterAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import { connectSynced, waitForSync } from "./connectProvider";
import { createBoard } from "./createBoard";
import { keysSentBefore, killWhileWriting } from "./killWhileWriting";
import { type SpawnedServer, spawnServer } from "./spawnServer";
import { makeTempDir, removeDir } from "./testServer";
import { waitForDoc, withTimeout } from "./waitFor";

const dirs: string[] = [];
const children: SpawnedServer[] = [];
const providers: WebsocketProvider[] = [];

afterAll(async () => {
  for (const provider of providers) provider.destroy();
  for (const spawned of children) spawned.child.kill("SIGKILL");
  await Promise.all(children.map((spawned) => spawned.exited));
  await Promise.all(dirs.map(removeDir));
});

/** Updates sent this long before a crash must have been stored (the engine batches ≤ 100 ms). */
const DURABLE_AFTER_MS = 200;
const SEND_EVERY_MS = 5;
const STREAM_FOR_MS = 1_000;

describe("a server process that is killed", () => {
  it("keeps every update sent more than 200 ms before SIGKILL, and the client restores the rest", async () => {
    const dataDir = await makeTempDir();
    dirs.push(dataDir);
    const first = await spawnServer(dataDir);
    children.push(first);
    const { docName, token } = await createBoard(first.url);

    const killed = await killWhileWriting(first, docName, token, {
      everyMs: SEND_EVERY_MS,
      forMs: STREAM_FOR_MS,
    });
    const { writer, sentAt } = killed;
    providers.push(writer);
    expect(killed.exit.signal).toBe("SIGKILL");

    const mustHave = keysSentBefore(killed, DURABLE_AFTER_MS);
    expect(mustHave.length).toBeGreaterThan(50);

    const second = await spawnServer(dataDir);
    children.push(second);
    const checker = await connectSynced(second.url, docName, { token });
    providers.push(checker);
    const stored = checker.doc.getMap<number>("strokes");
    const missing = mustHave.filter((key) => !stored.has(key));
    expect(missing).toEqual([]);

    // The original client reconnects with its doc and restores what the crash lost.
    writer.serverUrl = `${second.url.replace(/^http/, "ws")}/sync`;
    writer.connect();
    await waitForSync(writer);
    const all = [...sentAt.keys()];
    await waitForDoc(
      checker.doc,
      () => all.every((key) => stored.has(key)),
      "the checker to receive every key after the writer reconnected",
    );
    expect(stored.size).toBe(all.length);

    second.child.kill("SIGTERM");
    expect((await withTimeout(second.exited, 10_000, "SIGTERM exit")).code).toBe(0);
  });
});

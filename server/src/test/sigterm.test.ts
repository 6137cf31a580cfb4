import { join } from "node:path";
import { CloseCode } from "@tablecloth/protocol";
import { SqliteDocStore } from "@tablecloth/storage";
import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DATABASE_FILE } from "../TableclothServer";
import { connectSynced } from "./connectProvider";
import { createBoard } from "./createBoard";
import { type SpawnedServer, spawnServer } from "./spawnServer";
import { makeTempDir, removeDir } from "./testServer";
import { waitForDoc, withTimeout } from "./waitFor";

const dirs: string[] = [];
const children: SpawnedServer[] = [];
afterAll(async () => {
  // A failed test must not leave its server process behind.
  for (const spawned of children) spawned.child.kill("SIGKILL");
  await Promise.all(children.map((spawned) => spawned.exited));
  await Promise.all(dirs.map(removeDir));
});

describe("SIGTERM", () => {
  it("closes clients with GoingAway, flushes everything and exits 0", async () => {
    const dataDir = await makeTempDir();
    dirs.push(dataDir);
    // The longest batching window, so the signal lands while updates are still unwritten.
    const spawned = await spawnServer(dataDir, { TABLECLOTH_PERSIST_FLUSH_MS: "100" });
    children.push(spawned);
    const { docName, token } = await createBoard(spawned.url);
    const writer = await connectSynced(spawned.url, docName, { token });
    const observer = await connectSynced(spawned.url, docName, { token });
    try {
      const closeCode = new Promise<number>((resolve) => {
        writer.once("connection-close", (event: { code: number } | null) =>
          resolve(event?.code ?? -1),
        );
      });
      const map = writer.doc.getMap<number>("m");
      for (let i = 0; i < 50; i++) map.set(`k${i}`, i);
      await waitForDoc(
        observer.doc,
        (doc) => doc.getMap("m").size === 50,
        "the observer to see 50 keys",
      );

      spawned.child.kill("SIGTERM");
      const exit = await withTimeout(spawned.exited, 15_000, "the server to exit after SIGTERM");
      expect(exit).toEqual({ code: 0, signal: null });
      expect(await withTimeout(closeCode, 5_000, "the writer's close")).toBe(CloseCode.GoingAway);
      expect(spawned.lines.some((line) => line.msg === "shut down")).toBe(true);
    } finally {
      writer.destroy();
      observer.destroy();
    }

    const store = SqliteDocStore.open({ path: join(dataDir, DATABASE_FILE) });
    try {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, await store.stateAt(docName, Date.now()));
      expect(doc.getMap("m").size).toBe(50);
    } finally {
      await store.close();
    }
  });
});

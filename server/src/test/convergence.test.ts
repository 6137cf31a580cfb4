import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { RunningServer } from "../TableclothServer";
import { connectSynced, createProvider, waitForSync } from "./connectProvider";
import { makeTempDir, removeDir, startTestServer } from "./testServer";
import { waitForDoc, withTimeout } from "./waitFor";

const dirs: string[] = [];
const providers: WebsocketProvider[] = [];
let server: RunningServer | null = null;

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await server?.close();
  server = null;
});
afterAll(async () => {
  await Promise.all(dirs.map(removeDir));
});

function track<T extends WebsocketProvider>(provider: T): T {
  providers.push(provider);
  return provider;
}

function awarenessNames(provider: WebsocketProvider): string[] {
  return [...provider.awareness.getStates().values()]
    .map((state) => (state as { user?: { name?: string } }).user?.name)
    .filter((name): name is string => typeof name === "string")
    .sort();
}

function waitForAwareness(provider: WebsocketProvider, names: string[]): Promise<void> {
  const expected = [...names].sort().join(",");
  if (awarenessNames(provider).join(",") === expected) return Promise.resolve();
  let handler: (() => void) | undefined;
  return withTimeout(
    new Promise<void>((resolve) => {
      handler = () => {
        if (awarenessNames(provider).join(",") === expected) resolve();
      };
      provider.awareness.on("change", handler);
    }),
    10_000,
    `awareness ${expected}`,
  ).finally(() => {
    if (handler) provider.awareness.off("change", handler);
  });
}

describe("sync over real sockets with stock y-websocket clients", () => {
  it("converges concurrent edits, relays awareness, serves late joiners, and survives a restart", async () => {
    const dataDir = await makeTempDir();
    dirs.push(dataDir);
    server = await startTestServer({ dataDir });
    const docName = "table-1";

    const a = track(await connectSynced(server.url, docName));
    const b = track(await connectSynced(server.url, docName));

    // Concurrent: both edit before either sees the other's change.
    a.doc.getMap("notes").set("a", "from A");
    a.doc.getText("title").insert(0, "Hello");
    b.doc.getMap("notes").set("b", "from B");
    b.doc.getText("title").insert(0, "World");

    const converged = (doc: Y.Doc) =>
      doc.getMap("notes").size === 2 && doc.getText("title").length === 10;
    await waitForDoc(a.doc, converged, "A to see B's edits");
    await waitForDoc(b.doc, converged, "B to see A's edits");
    expect(a.doc.getMap("notes").toJSON()).toEqual({ a: "from A", b: "from B" });
    expect(a.doc.getText("title").toString()).toBe(b.doc.getText("title").toString());
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));

    a.awareness.setLocalStateField("user", { name: "Ada" });
    b.awareness.setLocalStateField("user", { name: "Bo" });
    await waitForAwareness(a, ["Ada", "Bo"]);
    await waitForAwareness(b, ["Ada", "Bo"]);

    // A late joiner gets the full state at sync.
    const c = track(createProvider(server.url, docName));
    await waitForSync(c);
    expect(c.doc.getMap("notes").toJSON()).toEqual({ a: "from A", b: "from B" });
    expect(c.doc.getText("title").toString()).toBe(a.doc.getText("title").toString());
    const title = a.doc.getText("title").toString();

    for (const provider of providers.splice(0)) provider.destroy();
    await server.close();

    // Same DATA_DIR, new process state: the doc comes back from disk.
    server = await startTestServer({ dataDir });
    const d = track(await connectSynced(server.url, docName));
    expect(d.doc.getMap("notes").toJSON()).toEqual({ a: "from A", b: "from B" });
    expect(d.doc.getText("title").toString()).toBe(title);
  });
});

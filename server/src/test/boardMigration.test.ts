import { join } from "node:path";
import { SqliteDocStore } from "@tablecloth/storage";
import { createTLSchema } from "@tldraw/tlschema";
import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DATABASE_FILE } from "../TableclothServer";
import { connectSynced } from "./connectProvider";
import { makeTempDir, removeDir, startTestServer } from "./testServer";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map(removeDir));
});

const current = createTLSchema().serialize();

/** A board as a client of an older tldraw wrote it: a note with plain `text` (note props v8). */
function oldBoardState(): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    const note = new Y.Map<unknown>();
    const fields: Record<string, unknown> = {
      id: "shape:old-note",
      typeName: "shape",
      type: "note",
      parentId: "page:page",
      index: "a1",
      rotation: 0,
      isLocked: false,
      opacity: 1,
      x: 10,
      y: 20,
    };
    for (const [key, value] of Object.entries(fields)) note.set(key, value);
    note.set("meta", new Y.Map());
    const props = new Y.Map<unknown>();
    const propFields: Record<string, unknown> = {
      color: "yellow",
      labelColor: "black",
      size: "m",
      font: "draw",
      fontSizeAdjustment: 0,
      align: "middle",
      verticalAlign: "middle",
      growY: 0,
      url: "",
      scale: 1,
      text: "hello café",
    };
    for (const [key, value] of Object.entries(propFields)) props.set(key, value);
    note.set("props", props);
    doc.getMap("records").set("shape:old-note", note);
    doc.getMap("meta").set("schema", {
      ...current,
      sequences: { ...current.sequences, "com.tldraw.shape.note": 8 },
    });
  });
  return Y.encodeStateAsUpdate(doc);
}

describe("board migrations run once, on the server, when a board loads", () => {
  it("a board stored by an older tldraw reaches clients migrated, and the migration is logged", async () => {
    const dataDir = await makeTempDir();
    dirs.push(dataDir);
    const docName = "board-from-last-year";
    const seeded = SqliteDocStore.open({ path: join(dataDir, DATABASE_FILE) });
    await seeded.append([
      { docName, update: oldBoardState(), at: Date.now(), author: "old-client" },
    ]);
    await seeded.close();

    const server = await startTestServer({ dataDir });
    try {
      const client = await connectSynced(server.url, docName);
      const note = client.doc.getMap("records").get("shape:old-note") as Y.Map<unknown>;
      const props = (note.get("props") as Y.Map<unknown>).toJSON();
      expect(props.text).toBeUndefined();
      expect(JSON.stringify(props.richText)).toContain("hello café");
      const schema = client.doc.getMap("meta").get("schema") as typeof current;
      expect(schema.sequences["com.tldraw.shape.note"]).toBe(
        current.sequences["com.tldraw.shape.note"],
      );
      client.destroy();

      await server.syncServer.flush();
      const history = await server.store.history(docName);
      expect(history.map((entry) => entry.author)).toEqual(["old-client", expect.any(String)]);
    } finally {
      await server.close();
    }
  });
});

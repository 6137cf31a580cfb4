import { getRecordsMap, recordToYMap } from "@tablecloth/tldraw-yjs/server";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readBoardRecords, recordsOfState } from "./boardRecords";
import { changedRecordIds, restoreRecords } from "./restoreRecords";

function shape(id: string, x: number, text = "") {
  return {
    id,
    typeName: "shape",
    type: "note",
    x,
    y: 0,
    props: { text, color: "yellow" },
    meta: {},
  };
}

function put(doc: Y.Doc, record: { id: string }): void {
  getRecordsMap(doc).set(record.id, recordToYMap(record));
}

/** Two replicas syncing by hand, so a "concurrent" edit is really concurrent. */
function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe("restoreRecords", () => {
  it("brings back the past: removes what is new, adds what was deleted, rewrites what changed", () => {
    const doc = new Y.Doc();
    put(doc, shape("shape:a", 0, "first"));
    put(doc, shape("shape:b", 10));
    const past = recordsOfState(Y.encodeStateAsUpdate(doc));
    getRecordsMap(doc).delete("shape:b");
    put(doc, shape("shape:c", 20));
    (getRecordsMap(doc).get("shape:a")!.get("props") as Y.Map<unknown>).set("text", "edited");

    const counts = doc.transact(() => restoreRecords(doc, past, new Set()));
    expect(counts).toEqual({ changed: 1, removed: 1, added: 1, kept: 0 });
    expect(readBoardRecords(doc)).toEqual(past);
  });

  it("is one forward update that a replica receives, and restoring the moment before undoes it", () => {
    const doc = new Y.Doc();
    put(doc, shape("shape:a", 0));
    const past = recordsOfState(Y.encodeStateAsUpdate(doc));
    put(doc, shape("shape:b", 5));
    const beforeRestore = recordsOfState(Y.encodeStateAsUpdate(doc));
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));

    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    doc.transact(() => restoreRecords(doc, past, new Set()));
    expect(updates).toHaveLength(1);
    Y.applyUpdate(replica, updates[0]!);
    expect(readBoardRecords(replica)).toEqual(past);

    doc.transact(() => restoreRecords(doc, beforeRestore, new Set()));
    expect(readBoardRecords(doc)).toEqual(beforeRestore);
  });

  it("keeps what a concurrent editor drew or moved after the restore began", () => {
    const server = new Y.Doc();
    put(server, shape("shape:a", 0));
    const past = recordsOfState(Y.encodeStateAsUpdate(server));
    put(server, shape("shape:old", 1));
    const began = recordsOfState(Y.encodeStateAsUpdate(server));
    const editor = new Y.Doc();
    sync(server, editor);

    // After the restore began: the editor draws a new stroke and moves shape:old; both reach
    // the server before the restore runs.
    put(editor, shape("shape:new", 2));
    (getRecordsMap(editor).get("shape:old") as Y.Map<unknown>).set("x", 99);
    sync(server, editor);

    const keep = changedRecordIds(began, readBoardRecords(server));
    expect([...keep].sort()).toEqual(["shape:new", "shape:old"]);
    const counts = server.transact(() => restoreRecords(server, past, keep));
    expect(counts.kept).toBe(2);
    // And one more stroke drawn while the restore was on the wire.
    put(editor, shape("shape:later", 3));
    sync(server, editor);

    for (const doc of [server, editor]) {
      const ids = [...readBoardRecords(doc).keys()].sort();
      expect(ids).toEqual(["shape:a", "shape:later", "shape:new", "shape:old"]);
      expect(readBoardRecords(doc).get("shape:old")?.x).toBe(99);
    }
    expect(readBoardRecords(server)).toEqual(readBoardRecords(editor));
  });

  it("writes nothing when the board already is the past", () => {
    const doc = new Y.Doc();
    put(doc, shape("shape:a", 0));
    const past = recordsOfState(Y.encodeStateAsUpdate(doc));
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    const counts = doc.transact(() => restoreRecords(doc, past, new Set()));
    expect(counts).toEqual({ changed: 0, removed: 0, added: 0, kept: 0 });
    expect(updates).toHaveLength(0);
  });
});

import { createShapeId, createTLStore, defaultBindingUtils, defaultShapeUtils } from "tldraw";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { bindTldrawToYjs } from "./bindTldrawToYjs";
import { getRecordsMap } from "./boardDoc";
import { loadDocIntoStore } from "./loadDocIntoStore";
import { recordToYMap } from "./recordCodec";
import { createPeer } from "./test/createPeer";
import { ManualScheduler } from "./test/ManualScheduler";

const NOTE = createShapeId("note1");

function boardDoc(): Y.Doc {
  const scheduler = new ManualScheduler();
  const writer = createPeer(scheduler);
  writer.editor.createShape({ id: NOTE, type: "note", x: 10, y: 20 });
  writer.binding.flush();
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer.doc));
  writer.binding.dispose();
  writer.editor.dispose();
  return doc;
}

const newStore = () =>
  createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils });

describe("loadDocIntoStore", () => {
  it("puts the doc's records into a store without writing to the doc", () => {
    const doc = boardDoc();
    const store = newStore();
    let updates = 0;
    doc.on("update", () => updates++);
    loadDocIntoStore(store, doc);
    expect(store.get(NOTE)).toMatchObject({ x: 10, y: 20 });
    // The store's own default page was replaced by the doc's.
    const pages = store.allRecords().filter((r) => r.typeName === "page");
    expect(pages.map((p) => p.id)).toEqual(
      [...getRecordsMap(doc).keys()].filter((id) => id.startsWith("page:")),
    );
    expect(updates).toBe(0);
  });

  it("leaves nothing listening: later doc changes reach the store only through a binding", () => {
    const doc = boardDoc();
    const store = newStore();
    loadDocIntoStore(store, doc);
    const moved = recordToYMap({ ...store.get(NOTE)!, x: 99 });
    doc.transact(() => getRecordsMap(doc).set(NOTE, moved), "someone");
    expect(store.get(NOTE)?.x).toBe(10);
    const binding = bindTldrawToYjs(store, doc, null);
    expect(store.get(NOTE)?.x).toBe(99);
    binding.dispose();
  });

  it("quarantines an invalid record instead of loading it", () => {
    const doc = boardDoc();
    const bad = createShapeId("bad");
    doc.transact(() => getRecordsMap(doc).set(bad, new Y.Map([["id", bad]])), "someone");
    const store = newStore();
    const rejected: string[] = [];
    loadDocIntoStore(store, doc, { onQuarantine: (entry) => rejected.push(entry.id) });
    expect(rejected).toEqual([bad]);
    expect(store.get(bad)).toBeUndefined();
    expect(store.get(NOTE)).toBeDefined();
  });
});

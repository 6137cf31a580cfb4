// @vitest-environment node
import { createTLSchema, toRichText } from "@tldraw/tlschema";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { recordToYMap } from "./recordCodec";
import { getRecordsMap, MIGRATION_ORIGIN, migrateBoardDoc, readDocSchema } from "./server";

const schema = createTLSchema();
const current = schema.serialize();
/** The schema as it was when notes still stored plain `text` (note props version 8). */
const beforeRichText = {
  ...current,
  sequences: { ...current.sequences, "com.tldraw.shape.note": 8 },
};

const base = {
  typeName: "shape",
  parentId: "page:page",
  rotation: 0,
  isLocked: false,
  opacity: 1,
  meta: {},
  x: 10,
  y: 20,
};

const oldNote = {
  ...base,
  id: "shape:old-note",
  type: "note",
  index: "a1",
  props: {
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
  },
};

const page = { id: "page:page", typeName: "page", name: "Page 1", index: "a1", meta: {} };

function boardDoc(records: object[], stored: object | null): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    const map = getRecordsMap(doc);
    for (const r of records) map.set((r as { id: string }).id, recordToYMap(r));
    if (stored) doc.getMap("meta").set("schema", stored);
  });
  return doc;
}

function countUpdates(doc: Y.Doc): { count: number; origins: unknown[] } {
  const seen = { count: 0, origins: [] as unknown[] };
  doc.on("update", (_u: Uint8Array, origin: unknown) => {
    seen.count++;
    seen.origins.push(origin);
  });
  return seen;
}

describe("migrateBoardDoc (server entry, no DOM)", () => {
  it("migrates an old-version record in one tagged transaction and stores the new schema", () => {
    const doc = boardDoc([page, oldNote], beforeRichText);
    const updates = countUpdates(doc);
    const result = migrateBoardDoc(doc);
    expect(result).toEqual({ status: "migrated", migrated: 1, removed: 0, added: 0 });
    expect(updates).toEqual({ count: 1, origins: [MIGRATION_ORIGIN] });
    const note = getRecordsMap(doc).get(oldNote.id)?.toJSON() as { props: Record<string, unknown> };
    expect(note.props.text).toBeUndefined();
    expect(note.props.richText).toEqual(toRichText("hello café"));
    expect(note.props.fontSizeAdjustment).toBe(1);
    expect(note.props.textLastEditedBy).toBeNull();
    expect(readDocSchema(doc)).toEqual(current);
    // The migrated record is valid for today's schema.
    expect(() => schema.types.shape.validate(note as never)).not.toThrow();
  });

  it("writes only changed fields, so a concurrent edit elsewhere in the record survives", () => {
    const doc = boardDoc([page, oldNote], beforeRichText);
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    const peerNote = getRecordsMap(peer).get(oldNote.id)!;
    (peerNote.get("props") as Y.Map<unknown>).set("color", "blue");
    peerNote.set("x", 99);
    migrateBoardDoc(doc);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer));
    const note = getRecordsMap(doc).get(oldNote.id)?.toJSON() as {
      x: number;
      props: Record<string, unknown>;
    };
    expect(note.x).toBe(99);
    expect(note.props.color).toBe("blue");
    expect(note.props.richText).toEqual(toRichText("hello café"));
  });

  it("is a no-op when the doc is current", () => {
    const doc = boardDoc([page], current);
    const updates = countUpdates(doc);
    expect(migrateBoardDoc(doc)).toEqual({ status: "up-to-date", migrated: 0 });
    expect(updates.count).toBe(0);
  });

  it("is a no-op on an empty doc", () => {
    const doc = new Y.Doc();
    const updates = countUpdates(doc);
    expect(migrateBoardDoc(doc)).toEqual({ status: "up-to-date", migrated: 0 });
    expect(updates.count).toBe(0);
  });

  it("leaves the doc untouched and reports why when migration is impossible", () => {
    const fromTheFuture = {
      ...current,
      sequences: { ...current.sequences, "com.tldraw.shape.note": 999 },
    };
    const doc = boardDoc([page, oldNote], fromTheFuture);
    const updates = countUpdates(doc);
    const result = migrateBoardDoc(doc);
    expect(result.status).toBe("failed");
    expect(updates.count).toBe(0);
    expect(readDocSchema(doc)).toEqual(fromTheFuture);
  });
});

import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { jsonEqual, recordToYMap, writeRecordDiff, yMapToRecord } from "./recordCodec";

const note = {
  id: "shape:n",
  typeName: "shape",
  x: 1,
  y: 2,
  meta: { owner: "ada" },
  props: { color: "yellow", richText: { type: "doc", content: [{ type: "paragraph" }] } },
};

function mapOf(record: object): Y.Map<unknown> {
  const doc = new Y.Doc();
  doc.getMap<Y.Map<unknown>>("records").set("r", recordToYMap(record));
  return doc.getMap<Y.Map<unknown>>("records").get("r")!;
}

describe("recordCodec", () => {
  it("stores props and meta as nested Y.Maps and reads the record back", () => {
    const map = mapOf(note);
    expect(map.get("props")).toBeInstanceOf(Y.Map);
    expect(map.get("meta")).toBeInstanceOf(Y.Map);
    expect(map.get("x")).toBe(1);
    expect(yMapToRecord(map)).toEqual(note);
  });

  it("writes only the fields that changed between before and after", () => {
    const map = mapOf(note);
    const changed: string[] = [];
    map.observeDeep((events) => {
      for (const e of events) for (const k of e.changes.keys.keys()) changed.push(k);
    });
    const after = { ...note, x: 5, props: { ...note.props, color: "blue" } };
    expect(writeRecordDiff(map, note, after)).toBe(2);
    expect(changed.sort()).toEqual(["color", "x"]);
    expect(yMapToRecord(map)).toEqual(after);
  });

  it("deletes fields removed in after", () => {
    const map = mapOf(note);
    const { meta: _meta, ...withoutMeta } = note;
    writeRecordDiff(map, note, withoutMeta);
    expect(map.has("meta")).toBe(false);
  });

  it("compares JSON structurally, ignoring undefined members", () => {
    expect(jsonEqual({ a: [1, { b: 2 }], c: undefined }, { a: [1, { b: 2 }] })).toBe(true);
    expect(jsonEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createOpenSpaceReader } from "./createOpenSpaceReader";
import { OPEN_SPACE_MAPS } from "./openSpaceDocLayout";
import { EMPTY_OPEN_SPACE } from "./openSpaceTypes";
import { postSession, removeSession } from "./postSession";
import { readOpenSpace } from "./readOpenSpace";
import { ann, bob, gridOf } from "./test/openSpaceFixtures";
import { writeOpenSpace } from "./writeOpenSpace";

const at = { spaceId: "sp1", slotId: "sl1" };

describe("the remembering reader", () => {
  it("answers from memory until the doc changes, deletions included", () => {
    const doc = new Y.Doc();
    const read = createOpenSpaceReader();
    const grid = gridOf(2, 1);
    writeOpenSpace(doc, EMPTY_OPEN_SPACE, grid);
    const first = read(doc);
    expect(first.state.spaces.map((s) => s.id)).toEqual(["sp1", "sp2"]);
    // A transaction that changes nothing (a refused post) keeps what was read.
    doc.transact(() => {});
    expect(read(doc)).toBe(first);

    const posted = postSession(first.state, ann, { id: "s1", title: "T", ...at, postedAt: 1 });
    writeOpenSpace(doc, first.state, posted);
    const second = read(doc);
    expect(second).not.toBe(first);
    expect(Object.keys(second.state.sessions)).toEqual(["s1"]);
    expect(read(doc)).toBe(second);

    // A pure deletion moves no clock, and still counts as a change.
    writeOpenSpace(doc, second.state, removeSession(second.state, "s1"));
    expect(read(doc).state.sessions).toEqual({});
    expect(read(doc)).toEqual(readOpenSpace(doc));
  });

  it("reads afresh inside a transaction that already changed the doc, and keeps docs apart", () => {
    const doc = new Y.Doc();
    const other = new Y.Doc();
    const read = createOpenSpaceReader();
    writeOpenSpace(doc, EMPTY_OPEN_SPACE, gridOf(1, 1));
    const before = read(doc);
    expect(read(other).state).toEqual(EMPTY_OPEN_SPACE);
    doc.transact(() => {
      expect(read(doc)).toBe(before);
      const next = postSession(before.state, bob, { id: "s2", title: "U", ...at, postedAt: 2 });
      writeOpenSpace(doc, before.state, next);
      expect(Object.keys(read(doc).state.sessions)).toEqual(["s2"]);
    });
    expect(Object.keys(read(doc).state.sessions)).toEqual(["s2"]);
    expect(doc.getMap(OPEN_SPACE_MAPS.sessions).size).toBe(1);
    expect(read(other).state).toEqual(EMPTY_OPEN_SPACE);
  });
});

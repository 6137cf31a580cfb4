import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createOpenSpaceReader } from "./createOpenSpaceReader";
import { OPEN_SPACE_MAPS, OPEN_SPACE_META_KEYS } from "./openSpaceDocLayout";
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

/** A value to write under a key: valid for its map, malformed, or a session under another id. */
const valueFor = (
  map: string,
  key: string,
  n: number,
  kind: "valid" | "bad" | "misnamed",
): unknown => {
  if (kind === "bad") return { broken: n };
  switch (map) {
    case OPEN_SPACE_MAPS.sessions:
      return {
        id: kind === "misnamed" ? `other${n}` : key,
        title: `T${n}`,
        description: "",
        conveners: [{ id: "p1", name: "Ann" }],
        spaceId: "sp1",
        slotId: `sl${n}`,
        boardId: null,
        docName: null,
        capacity: null,
        merged: [],
        postedAt: n,
      };
    case OPEN_SPACE_MAPS.signUps:
      return [`s${n}`];
    case OPEN_SPACE_MAPS.where:
      return { name: "Ann", sessionId: `s${n}`, visited: [`s${n}`] };
    default:
      return {
        summary: `S${n}`,
        keyPoints: "",
        nextSteps: "",
        authorId: "p1",
        authorName: "Ann",
        filedAt: n,
      };
  }
};

describe("the reader brought up to date key by key", () => {
  const maps = [
    OPEN_SPACE_MAPS.sessions,
    OPEN_SPACE_MAPS.signUps,
    OPEN_SPACE_MAPS.where,
    OPEN_SPACE_MAPS.reports,
  ];
  const op = fc.oneof(
    fc.record({
      op: fc.constant("set" as const),
      map: fc.constantFrom(...maps),
      key: fc.constantFrom("a", "b", "c", "d"),
      kind: fc.constantFrom("valid", "valid", "valid", "bad", "misnamed"),
    }),
    fc.record({
      op: fc.constant("delete" as const),
      map: fc.constantFrom(...maps),
      key: fc.constantFrom("a", "b", "c", "d"),
    }),
    fc.record({ op: fc.constant("grid" as const), spaces: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ op: fc.constant("other" as const) }),
  );
  type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;
  const apply = (doc: Y.Doc, o: Op, n: number): void => {
    switch (o.op) {
      case "set":
        doc.getMap(o.map).set(o.key, valueFor(o.map, o.key, n, o.kind));
        return;
      case "delete":
        doc.getMap(o.map).delete(o.key);
        return;
      case "grid":
        doc.getMap(OPEN_SPACE_MAPS.meta).set(
          OPEN_SPACE_META_KEYS.spaces,
          Array.from({ length: o.spaces }, (_, i) => (i === 2 ? 7 : { id: `sp${i}`, name: "R" })),
        );
        return;
      case "other":
        doc.getMap("boards").set(`b${n}`, { n });
        return;
    }
  };
  const same = (doc: Y.Doc, read: ReturnType<typeof createOpenSpaceReader>): void => {
    const fresh = readOpenSpace(doc);
    const remembered = read(doc);
    expect(remembered).toEqual(fresh);
    // Order too: the wall lists sessions in the doc's order, and a cell's first session wins.
    const { state } = remembered;
    expect(Object.keys(state.sessions)).toEqual(Object.keys(fresh.state.sessions));
    expect(Object.keys(state.signUps)).toEqual(Object.keys(fresh.state.signUps));
    expect(Object.keys(state.whereabouts)).toEqual(Object.keys(fresh.state.whereabouts));
    expect(Object.keys(state.reports)).toEqual(Object.keys(fresh.state.reports));
  };

  it("always answers what reading the doc afresh answers, order and problems included", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { maxLength: 25 }),
        fc.array(fc.boolean(), { maxLength: 25 }),
        (transactions, readsBetween) => {
          const doc = new Y.Doc();
          const read = createOpenSpaceReader();
          let n = 0;
          transactions.forEach((ops, t) => {
            doc.transact(() => {
              for (const o of ops) apply(doc, o, ++n);
            });
            // Sometimes several transactions pass before the next read.
            if (readsBetween[t] ?? true) same(doc, read);
          });
          same(doc, read);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("follows a change made on another copy of the doc (a remote update)", () => {
    const doc = new Y.Doc();
    const remote = new Y.Doc();
    const read = createOpenSpaceReader();
    doc.getMap(OPEN_SPACE_MAPS.where).set("a", valueFor(OPEN_SPACE_MAPS.where, "a", 1, "valid"));
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    same(doc, read);
    remote.getMap(OPEN_SPACE_MAPS.where).set("a", valueFor(OPEN_SPACE_MAPS.where, "a", 2, "valid"));
    remote.getMap(OPEN_SPACE_MAPS.where).set("b", valueFor(OPEN_SPACE_MAPS.where, "b", 3, "valid"));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)));
    same(doc, read);
    expect(read(doc).state.whereabouts.a?.sessionId).toBe("s2");
  });
});

import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CafeErrorCode, isCafeError } from "./CafeError";
import type { RoundSeating } from "./cafeDocLayout";
import { CAFE_ROUNDS_MAP, mergePastRounds, readPastRounds, recordPastRound } from "./pastRounds";

describe("past rounds doc", () => {
  it("records each round once (the first record wins) and reads them oldest first", () => {
    const doc = new Y.Doc();
    expect(recordPastRound(doc, { round: 2, seating: { a: "t1", b: "t2" } })).toBe(true);
    expect(recordPastRound(doc, { round: 0, seating: { a: "t2" } })).toBe(true);
    expect(recordPastRound(doc, { round: 2, seating: { a: "t9" } })).toBe(false);
    expect(readPastRounds(doc)).toEqual({
      rounds: [
        { round: 0, seating: { a: "t2" } },
        { round: 2, seating: { a: "t1", b: "t2" } },
      ],
      problems: [],
    });
  });

  it("two writers recording the same round end with one entry", () => {
    const left = new Y.Doc();
    const right = new Y.Doc();
    recordPastRound(left, { round: 1, seating: { a: "t1" } });
    recordPastRound(right, { round: 1, seating: { a: "t2" } });
    Y.applyUpdate(left, Y.encodeStateAsUpdate(right));
    Y.applyUpdate(right, Y.encodeStateAsUpdate(left));
    expect(readPastRounds(left).rounds).toHaveLength(1);
    expect(readPastRounds(left)).toEqual(readPastRounds(right));
  });

  it("refuses a malformed entry and skips malformed stored ones", () => {
    const doc = new Y.Doc();
    // As a caller bypassing the types could pass it.
    const bad = { round: 1, seating: { a: 7 } } as unknown as RoundSeating;
    let code: string | null = null;
    try {
      recordPastRound(doc, bad);
    } catch (error) {
      code = isCafeError(error) ? error.code : "not a CafeError";
    }
    expect(code).toBe(CafeErrorCode.InvalidValue);
    const map = doc.getMap<unknown>(CAFE_ROUNDS_MAP);
    map.set("1", "garbage");
    map.set("3", { round: 2, seating: {} });
    map.set("4", { round: 4, seating: { a: "t1" } });
    expect(readPastRounds(doc)).toEqual({
      rounds: [{ round: 4, seating: { a: "t1" } }],
      problems: ['past round "1": malformed, skipped', 'past round "3": malformed, skipped'],
    });
  });

  it("merges with an older control doc's history by round; the older (first) record wins", () => {
    const legacy = [
      { round: 0, seating: { a: "t1" } },
      { round: 1, seating: { a: "t2" } },
    ];
    const rounds = [
      { round: 1, seating: { a: "t9" } },
      { round: 2, seating: { a: "t3" } },
    ];
    expect(mergePastRounds(rounds, legacy)).toEqual([
      { round: 0, seating: { a: "t1" } },
      { round: 1, seating: { a: "t2" } },
      { round: 2, seating: { a: "t3" } },
    ]);
    expect(mergePastRounds(rounds, [])).toEqual(rounds);
  });
});

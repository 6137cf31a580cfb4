import { describe, expect, it } from "vitest";
import { computeRotationStats } from "./computeRotationStats";
import { PairHistory } from "./PairHistory";

describe("computeRotationStats", () => {
  it("measures repeats, weights, sizes, stays, unseated, hostless and over-capacity tables", () => {
    const tables = [
      { id: "a", hostId: "ha", capacity: 2 },
      { id: "b", hostId: "hb" },
      { id: "c", hostId: null },
    ];
    const base = { ha: "a", hb: "b", x: "a", y: "b", z: "b", w: null };
    const history = PairHistory.fromSeatings([{ y: "t", z: "t" }]).withSeating(base);
    const seating = { ha: "a", hb: null, x: "a", y: "a", z: "a", w: null };
    const stats = computeRotationStats(tables, base, seating, history);
    // Pairs now together at a: ha-x (met once), ha-y, ha-z, x-y, x-z (never), y-z (met twice).
    expect(stats.repeatPairs).toBe(2);
    expect(stats.repeatWeight).toBe(3);
    expect(stats.maxRepeat).toBe(2);
    expect(stats.sizes).toEqual({ a: 4, b: 0, c: 0 });
    expect(stats.maxSizeDiff).toBe(4);
    expect(stats.stayed).toEqual(["x"]);
    expect(stats.unseated).toEqual(["hb", "w"]);
    expect(stats.hostlessTables).toEqual(["b", "c"]);
    expect(stats.overCapacityTables).toEqual(["a"]);
  });
});

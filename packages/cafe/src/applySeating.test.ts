import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { applySeating } from "./applySeating";
import { CafeErrorCode, isCafeError } from "./CafeError";
import { planCafeRotation } from "./planCafeRotation";
import { readCafe } from "./readCafe";
import { seededCafeDoc } from "./test/cafeDocFixtures";
import { writeSeat } from "./writeCafe";

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return isCafeError(error) ? error.code : "not a CafeError";
  }
}

describe("applying an approved seating", () => {
  it("seats everyone as planned (hand moves included) and starts the next round, in one update", () => {
    const doc = seededCafeDoc(3, 3);
    const state = readCafe(doc);
    const plan = planCafeRotation(state, [], 5, [{ participantId: "p0", tableId: "t2" }]);
    expect(plan.seating.p0).toBe("t2");
    let updates = 0;
    doc.on("update", () => updates++);
    const result = applySeating(doc, plan, { startRound: true, now: 1_000 });
    expect(updates).toBe(1);
    expect(result.moved).toBe(plan.moves.length);
    expect(result.round).toBe(1);
    expect(result.ended.round).toBe(0);
    const after = readCafe(doc);
    for (const [id, tableId] of Object.entries(plan.seating)) {
      expect(after.seating[id]?.tableId).toBe(tableId);
    }
    expect(after.round).toMatchObject({ phase: "running", round: 1, startedAt: 1_000 });
  });

  it("refuses an incomplete, stale or invalid seating and writes nothing", () => {
    const doc = seededCafeDoc(2, 2);
    const plan = planCafeRotation(readCafe(doc), [], 1);
    const { p0: _left, ...withoutP0 } = plan.seating;
    const before = Y.encodeStateAsUpdate(doc);
    const apply = (seating: Record<string, string | null>) => () =>
      applySeating(doc, { base: plan.base, seating }, { startRound: true, now: 1 });
    expect(codeOf(apply(withoutP0))).toBe(CafeErrorCode.IncompleteSeating);
    expect(codeOf(apply({ ...plan.seating, stranger: "t0" }))).toBe(CafeErrorCode.StalePlan);
    expect(codeOf(apply({ ...plan.seating, h0: "t1" }))).toBe(CafeErrorCode.HostSeatedElsewhere);
    expect(codeOf(apply({ ...plan.seating, p0: "nowhere" }))).toBe(CafeErrorCode.UnknownTable);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    // Someone moved since the plan: stale.
    writeSeat(doc, "p0", { tableId: plan.base.p0 === "t0" ? "t1" : "t0", presence: "in-room" });
    expect(codeOf(apply(plan.seating))).toBe(CafeErrorCode.StalePlan);
  });
});

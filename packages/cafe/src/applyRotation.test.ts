import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { applyManualMove } from "./applyManualMove";
import { applyRotation } from "./applyRotation";
import { CafeErrorCode, isCafeError } from "./CafeError";
import { planRotation } from "./planRotation";
import { endRound, NOT_STARTED, type RoundState, startRound } from "./RoundState";
import { readCafe } from "./readCafe";
import { rotationInputFromCafe } from "./rotationInputFromCafe";
import { seededCafeDoc, syncedPair } from "./test/cafeDocFixtures";
import { countRepeats } from "./test/simulateCafe";
import { writeRound, writeSeat } from "./writeCafe";

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return isCafeError(error) ? error.code : "not a CafeError";
  }
}

describe("applyRotation", () => {
  it("applies a plan in one transaction, keeping presence and recording the ended round", () => {
    const doc = seededCafeDoc(3, 3);
    writeRound(doc, endRound(startRound(NOT_STARTED, { durationMs: 1, now: 0 })));
    writeSeat(doc, "late", { tableId: null, presence: "remote" });
    const before = readCafe(doc);
    const plan = planRotation(rotationInputFromCafe(before, 7));
    let transactions = 0;
    let updates = 0;
    doc.on("afterTransaction", () => transactions++);
    doc.on("update", () => updates++);
    applyRotation(doc, plan);
    expect(transactions).toBe(1);
    expect(updates).toBe(1);

    const after = readCafe(doc);
    for (const [id, seat] of Object.entries(after.seating)) {
      expect(seat.tableId).toBe(plan.seating[id]);
      expect(seat.presence).toBe(before.seating[id]?.presence);
    }
    expect(after.seating.late?.tableId).not.toBeNull();
    expect(after.history).toHaveLength(1);
    expect(after.history[0]?.round).toBe(1);
    expect(Object.keys(after.history[0]?.seating ?? {})).not.toContain("late");
  });

  it("three rounds through the doc: hosts stay, travellers move, nobody meets twice", () => {
    const [doc, facilitator2] = syncedPair();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(seededCafeDoc(5, 4)));
    const seatings = [];
    let round: RoundState = NOT_STARTED;
    for (let r = 1; r <= 3; r++) {
      round = startRound(round, { durationMs: 20 * 60_000, now: r * 1e7 });
      writeRound(doc, round);
      const state = readCafe(facilitator2);
      seatings.push(rotationInputFromCafe(state).seating);
      round = endRound(round);
      writeRound(doc, round);
      if (r < 3) applyRotation(doc, planRotation(rotationInputFromCafe(readCafe(doc), r)));
    }
    const state = readCafe(facilitator2);
    expect(state.history.map((h) => h.round)).toEqual([1, 2]);
    expect(state.history.map((h) => h.seating)).toEqual(seatings.slice(0, 2));
    for (let t = 0; t < 5; t++) expect(state.seating[`h${t}`]?.tableId).toBe(`t${t}`);
    expect(countRepeats(seatings)).toBeLessThanOrEqual(2);
  });

  it("hand edits survive into the doc", () => {
    const doc = seededCafeDoc(3, 2);
    const plan = planRotation(rotationInputFromCafe(readCafe(doc)));
    const target = plan.seating.p0 === "t1" ? "t2" : "t1";
    applyRotation(doc, applyManualMove(plan, "p0", target));
    expect(readCafe(doc).seating.p0?.tableId).toBe(target);
  });

  it("refuses a stale plan and writes nothing", () => {
    const doc = seededCafeDoc(3, 2);
    const plan = planRotation(rotationInputFromCafe(readCafe(doc)));
    writeSeat(doc, "p0", { tableId: "t2", presence: "in-room" });
    let updates = 0;
    doc.on("update", () => updates++);
    expect(codeOf(() => applyRotation(doc, plan))).toBe(CafeErrorCode.StalePlan);
    expect(updates).toBe(0);
    writeSeat(doc, "p0", null);
    expect(codeOf(() => applyRotation(doc, plan))).toBe(CafeErrorCode.StalePlan);
    expect(updates).toBe(1); // the writeSeat only
    expect(readCafe(doc).history).toEqual([]);
  });
});

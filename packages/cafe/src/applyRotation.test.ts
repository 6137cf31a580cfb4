import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { applyManualMove } from "./applyManualMove";
import { applyRotation } from "./applyRotation";
import { CafeErrorCode, isCafeError } from "./CafeError";
import { CAFE_MAPS, ROUND_STATE_KEY } from "./cafeDocLayout";
import { readPastRounds, recordPastRound } from "./pastRounds";
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
  it("applies a plan in one transaction, keeping presence and returning the ended round", () => {
    const doc = seededCafeDoc(3, 3);
    writeRound(doc, endRound(startRound(NOT_STARTED, { durationMs: 1, now: 0 })));
    writeSeat(doc, "late", { tableId: null, presence: "remote" });
    const before = readCafe(doc);
    const plan = planRotation(rotationInputFromCafe(before, 7));
    let transactions = 0;
    let updates = 0;
    doc.on("afterTransaction", () => transactions++);
    doc.on("update", () => updates++);
    const ended = applyRotation(doc, plan);
    expect(transactions).toBe(1);
    expect(updates).toBe(1);

    const after = readCafe(doc);
    for (const [id, seat] of Object.entries(after.seating)) {
      expect(seat.tableId).toBe(plan.seating[id]);
      expect(seat.presence).toBe(before.seating[id]?.presence);
    }
    expect(after.seating.late?.tableId).not.toBeNull();
    expect(ended.round).toBe(1);
    expect(ended.seating).toEqual(
      Object.fromEntries(Object.entries(plan.base).filter(([, tableId]) => tableId !== null)),
    );
    expect(Object.keys(ended.seating)).not.toContain("late");
    // Past rounds are not in the control doc any more.
    expect(doc.getMap(CAFE_MAPS.history).size).toBe(0);
    expect(after.history).toEqual([]);
  });

  it("rewrites only the seats of people who move: not hosts, stayers or anyone's presence", () => {
    const doc = seededCafeDoc(4, 3);
    writeSeat(doc, "late", { tableId: null, presence: "remote" });
    const base = readCafe(doc);
    const plan = applyManualMove(planRotation(rotationInputFromCafe(base, 3)), "p1", "t0");
    const changed = new Map<string, string[]>();
    for (const name of Object.values(CAFE_MAPS)) {
      doc.getMap<unknown>(name).observe((event) => {
        changed.set(name, [...event.keysChanged].sort());
      });
    }
    applyRotation(doc, plan);
    const movers = plan.moves.map((m) => m.participantId).sort();
    expect(movers).not.toContain("h0");
    expect(plan.stats.stayed).toEqual(["p1"]);
    expect(movers).not.toContain("p1");
    expect([...changed.keys()]).toEqual([CAFE_MAPS.seating]);
    expect(changed.get(CAFE_MAPS.seating)).toEqual(movers);
  });

  it("rotates a control doc from before slots: reads the same, moves become compact", () => {
    const doc = seededCafeDoc(3, 3);
    writeRound(doc, startRound(NOT_STARTED, { durationMs: 1, now: 0 }));
    // As an older version wrote it: object seats, no slots, past rounds in cafe.history.
    const legacy = new Y.Doc();
    const state = readCafe(doc);
    legacy.transact(() => {
      const tables = legacy.getMap<unknown>(CAFE_MAPS.tables);
      state.tables.forEach((t, order) => {
        const fields = new Y.Map<unknown>();
        tables.set(t.id, fields);
        fields.set("name", t.name);
        fields.set("hostId", t.hostId);
        fields.set("order", order);
      });
      const seating = legacy.getMap<unknown>(CAFE_MAPS.seating);
      for (const [id, seat] of Object.entries(state.seating)) seating.set(id, { ...seat });
      legacy.getMap<unknown>(CAFE_MAPS.round).set(ROUND_STATE_KEY, state.round);
      legacy.getMap<unknown>(CAFE_MAPS.history).set("0", { round: 0, seating: { h0: "t0" } });
    });
    const old = readCafe(legacy);
    expect(old.seating).toEqual(state.seating);
    expect(old.history).toEqual([{ round: 0, seating: { h0: "t0" } }]);
    expect(old.problems).toEqual([]);

    const plan = planRotation(rotationInputFromCafe(old, 5));
    expect(applyRotation(legacy, plan).round).toBe(1);
    const after = readCafe(legacy);
    expect(after.problems).toEqual([]);
    for (const [id, seat] of Object.entries(after.seating)) {
      expect(seat).toEqual({ tableId: plan.seating[id], presence: state.seating[id]?.presence });
    }
    const seating = legacy.getMap<unknown>(CAFE_MAPS.seating);
    for (const move of plan.moves) expect(typeof seating.get(move.participantId)).toBe("number");
    expect(seating.get("h0")).toEqual({ tableId: "t0", presence: "in-room" });
  });

  it("three rounds through the doc: hosts stay, travellers move, nobody meets twice", () => {
    const [doc, facilitator2] = syncedPair();
    const roundsDoc = new Y.Doc();
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
      if (r < 3) {
        const past = readPastRounds(roundsDoc).rounds;
        const plan = planRotation(rotationInputFromCafe(readCafe(doc), r, past));
        recordPastRound(roundsDoc, applyRotation(doc, plan));
      }
    }
    const state = readCafe(facilitator2);
    const past = readPastRounds(roundsDoc).rounds;
    expect(past.map((h) => h.round)).toEqual([1, 2]);
    expect(past.map((h) => h.seating)).toEqual(seatings.slice(0, 2));
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
  });
});

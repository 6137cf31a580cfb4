import { describe, expect, it } from "vitest";
import { applyManualMove } from "./applyManualMove";
import { CafeErrorCode, isCafeError } from "./CafeError";
import { planRotation } from "./planRotation";

const tables = [
  { id: "a", hostId: "ha", capacity: 3 },
  { id: "b", hostId: "hb", capacity: 3 },
  { id: "c", hostId: "hc", capacity: 3 },
];
const seating = { ha: "a", hb: "b", hc: "c", x: "a", y: "b", z: "c", w: "c" };

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return isCafeError(error) ? error.code : "not a CafeError";
  }
}

describe("applyManualMove", () => {
  it("moves one person, recomputing moves and stats, leaving the plan given untouched", () => {
    const plan = planRotation({ tables, seating, seed: 3 });
    const before = structuredClone(plan.seating);
    const x = plan.seating.x as string;
    const target = ["b", "c"].find((t) => t !== x && plan.stats.sizes[t] !== 3) ?? "a";
    const edited = applyManualMove(plan, "x", target);
    expect(edited.seating.x).toBe(target);
    expect(plan.seating).toEqual(before);
    expect(edited.moves.find((m) => m.participantId === "x")?.to).toBe(
      target === "a" ? undefined : target,
    );
    expect(edited.stats.sizes[target]).toBe((plan.stats.sizes[target] ?? 0) + 1);
  });

  it("moving someone back to their old table shows in stats.stayed and counts the pair again", () => {
    const open = tables.map((t) => ({ id: t.id, hostId: t.hostId }));
    const plan = planRotation({ tables: open, seating, seed: 1 });
    expect(plan.stats.repeatPairs).toBe(0);
    // z sat with hc at c: sending z back repeats at least that pair.
    const edited = applyManualMove(plan, "z", "c");
    expect(edited.stats.stayed).toEqual(["z"]);
    expect(edited.stats.repeatPairs).toBeGreaterThan(0);
    expect(edited.moves.some((m) => m.participantId === "z")).toBe(false);
  });

  it("unseating someone lists them as unseated", () => {
    const plan = planRotation({ tables, seating });
    const edited = applyManualMove(plan, "y", null);
    expect(edited.stats.unseated).toEqual(["y"]);
    expect(edited.moves).toContainEqual({ participantId: "y", from: "b", to: null });
  });

  it("refuses what a facilitator cannot mean", () => {
    const plan = planRotation({ tables, seating });
    expect(codeOf(() => applyManualMove(plan, "nobody", "a"))).toBe(
      CafeErrorCode.UnknownParticipant,
    );
    expect(codeOf(() => applyManualMove(plan, "x", "zz"))).toBe(CafeErrorCode.UnknownTable);
    expect(codeOf(() => applyManualMove(plan, "ha", "b"))).toBe(CafeErrorCode.HostCannotMove);
    const full = Object.entries(plan.stats.sizes).find(([, size]) => size === 3)?.[0] as string;
    const mover = ["x", "y", "z", "w"].find((p) => plan.seating[p] !== full) as string;
    expect(codeOf(() => applyManualMove(plan, mover, full))).toBe(CafeErrorCode.TableFull);
  });
});

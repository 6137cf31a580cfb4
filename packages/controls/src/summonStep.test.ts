import type { Summon } from "@tablecloth/protocol";
import { describe, expect, it } from "vitest";
import { isSummoned, NO_MEMO, summonStep } from "./summonStep";

const base: Summon = {
  id: "s1",
  boardId: "plenary",
  mode: "follow",
  audience: { kind: "everyone" },
  leaderId: "fran",
  leaderName: "Fran",
  sentAt: 0,
};
const ana = { id: "ana", role: "participant" } as const;
const went = { went: true, left: false };
const left = { went: true, left: true };

describe("isSummoned", () => {
  it("is everyone but the leader and other facilitators, or the named people", () => {
    expect(isSummoned(base, ana)).toBe(true);
    expect(isSummoned(base, { id: "obs", role: "observer" })).toBe(true);
    expect(isSummoned(base, { id: "fran", role: "facilitator" })).toBe(false);
    expect(isSummoned(base, { id: "co", role: "facilitator" })).toBe(false);
    const table: Summon = { ...base, audience: { kind: "people", participantIds: ["ben"] } };
    expect(isSummoned(table, ana)).toBe(false);
    expect(isSummoned(table, { id: "ben", role: "participant" })).toBe(true);
  });
});

describe("summonStep", () => {
  it("does nothing without a summon or for someone not summoned", () => {
    expect(summonStep(null, ana, null, NO_MEMO)).toEqual({ kind: "none" });
    expect(summonStep(base, { id: "fran", role: "facilitator" }, null, NO_MEMO)).toEqual({
      kind: "none",
    });
  });

  it("bring: goes once, then lets people walk off", () => {
    const bring: Summon = { ...base, mode: "bring" };
    expect(summonStep(bring, ana, "table-1", NO_MEMO)).toEqual({ kind: "go", boardId: "plenary" });
    expect(summonStep(bring, ana, "plenary", went)).toEqual({ kind: "none" });
    expect(summonStep(bring, ana, "table-1", went)).toEqual({ kind: "none" });
  });

  it("follow: goes once and follows until the person pans away", () => {
    expect(summonStep(base, ana, null, NO_MEMO)).toEqual({ kind: "go", boardId: "plenary" });
    expect(summonStep(base, ana, "plenary", went)).toEqual({
      kind: "follow",
      leaderId: "fran",
      locked: false,
    });
    // Someone already on the board when summoned follows too.
    expect(summonStep(base, ana, "plenary", NO_MEMO).kind).toBe("follow");
    expect(summonStep(base, ana, "plenary", left)).toEqual({ kind: "none" });
    expect(summonStep(base, ana, "table-1", left)).toEqual({ kind: "none" });
  });

  it("control: holds until released, wherever the person goes", () => {
    const control: Summon = { ...base, mode: "control" };
    expect(summonStep(control, ana, "table-1", left)).toEqual({ kind: "go", boardId: "plenary" });
    expect(summonStep(control, ana, null, went)).toEqual({ kind: "go", boardId: "plenary" });
    expect(summonStep(control, ana, "plenary", left)).toEqual({
      kind: "follow",
      leaderId: "fran",
      locked: true,
    });
  });
});

import { type CafeState, DEFAULT_CAFE_SETTINGS } from "@tablecloth/cafe";
import { describe, expect, it } from "vitest";
import { rotationNotice } from "./rotationNotice";

function cafe(round: number, seats: Record<string, string | null>): CafeState {
  return {
    settings: DEFAULT_CAFE_SETTINGS,
    tables: [
      {
        id: "t1",
        name: "Table 1",
        question: null,
        hostId: "maria",
        boardId: "t1",
        docName: "e.t1",
        capacity: null,
      },
      {
        id: "t3",
        name: "Table 3",
        question: null,
        hostId: "sam",
        boardId: "t3",
        docName: "e.t3",
        capacity: null,
      },
    ],
    seating: Object.fromEntries(
      Object.entries(seats).map(([id, tableId]) => [id, { tableId, presence: "remote" as const }]),
    ),
    round:
      round === 0
        ? { phase: "not-started" }
        : { phase: "running", round, startedAt: 0, durationMs: 60_000 },
    history: [],
    problems: [],
  };
}

const names = new Map([
  ["maria", "Maria"],
  ["sam", "Sam"],
]);

describe("rotationNotice", () => {
  it("names the round, the new table and its host", () => {
    const notice = rotationNotice(cafe(1, { ana: "t3" }), cafe(2, { ana: "t1" }), "ana", names);
    expect(notice?.text).toBe("Round 2: you are now at Table 1 — Maria is your host");
  });

  it("tells a host they stay and should welcome newcomers", () => {
    const notice = rotationNotice(
      cafe(1, { maria: "t1" }),
      cafe(2, { maria: "t1" }),
      "maria",
      names,
    );
    expect(notice?.text).toBe(
      "Round 2: you stay at Table 1 — you are its host: welcome the newcomers",
    );
    expect(notice?.isHost).toBe(true);
  });

  it("says nothing when nothing changed for me, or I have no seat", () => {
    expect(
      rotationNotice(cafe(2, { ana: "t1" }), cafe(2, { ana: "t1", bo: "t3" }), "ana", names),
    ).toBeNull();
    expect(rotationNotice(cafe(1, { ana: "t1" }), cafe(2, { ana: null }), "ana", names)).toBeNull();
  });
});

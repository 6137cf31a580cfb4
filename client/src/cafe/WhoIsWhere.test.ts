import { type CafeState, DEFAULT_CAFE_SETTINGS } from "@tablecloth/cafe";
import { describe, expect, it } from "vitest";
import { CROWDED_WITHOUT_CAPACITY, occupancy } from "./WhoIsWhere";

function table(id: string, hostId: string | null, capacity: number | null) {
  return { id, name: id, question: null, hostId, boardId: id, docName: `e.${id}`, capacity };
}

describe("occupancy", () => {
  it("lists people per table, host first, and marks empty and crowded tables", () => {
    const crowd = Array.from({ length: CROWDED_WITHOUT_CAPACITY + 1 }, (_, i) => `p${i}`);
    const state: CafeState = {
      settings: DEFAULT_CAFE_SETTINGS,
      tables: [table("a", "zed", 3), table("b", null, 3), table("c", null, null)],
      seating: {
        amy: { tableId: "a", presence: "in-room" },
        zed: { tableId: "a", presence: "remote" },
        late: { tableId: null, presence: "remote" },
        ...Object.fromEntries(
          crowd.map((id) => [id, { tableId: "c", presence: "in-room" as const }]),
        ),
      },
      round: { phase: "not-started" },
      history: [],
      problems: [],
    };
    const { tables, unseated } = occupancy(state);
    expect(tables.map((t) => [t.id, t.people.length, t.empty, t.crowded])).toEqual([
      ["a", 2, false, false],
      ["b", 0, true, false],
      ["c", CROWDED_WITHOUT_CAPACITY + 1, false, true],
    ]);
    expect(tables[0]?.people.map((p) => p.id)).toEqual(["zed", "amy"]);
    expect(unseated).toEqual(["late"]);
  });
});

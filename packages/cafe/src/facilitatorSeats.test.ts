import { describe, expect, it } from "vitest";
import { CafeErrorCode, isCafeError } from "./CafeError";
import {
  freeSeatOfAbsent,
  peopleInCafe,
  removeFromCafe,
  reseatParticipant,
  trackAbsence,
} from "./facilitatorSeats";
import { planCafeRotation } from "./planCafeRotation";
import { readCafe } from "./readCafe";
import { joinCafe } from "./seatPeople";
import { updateCafeTable } from "./tableHosts";
import { seededCafeDoc } from "./test/cafeDocFixtures";

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return isCafeError(error) ? error.code : "not a CafeError";
  }
}

const person = (id: string) => ({ id, name: `Name of ${id}` });

describe("a facilitator removes someone from the café", () => {
  it("their seat goes, the planner no longer counts them, and a table they hosted has no host", () => {
    const doc = seededCafeDoc(2, 2);
    expect(removeFromCafe(doc, "p0")).toEqual({ removed: true, releasedTableId: null });
    expect(readCafe(doc).seating.p0).toBeUndefined();
    expect(Object.keys(planCafeRotation(readCafe(doc), [], 1).seating)).not.toContain("p0");
    expect(removeFromCafe(doc, "h1")).toEqual({ removed: true, releasedTableId: "t1" });
    expect(readCafe(doc).tables.find((t) => t.id === "t1")?.hostId).toBeNull();
    // Not in the café: nothing to do.
    expect(removeFromCafe(doc, "p0")).toEqual({ removed: false, releasedTableId: null });
    // They may come back like anyone new.
    joinCafe(doc, person("p0"), "remote");
    expect(readCafe(doc).seating.p0).toEqual({ tableId: null, presence: "remote" });
  });
});

describe("a facilitator re-seats someone", () => {
  it("moves anyone to any table, whatever the round and free movement, keeping presence", () => {
    const doc = seededCafeDoc(2, 2);
    const from = readCafe(doc).seating.p0?.tableId;
    const to = from === "t0" ? "t1" : "t0";
    expect(reseatParticipant(doc, person("p0"), to)).toEqual({ tableId: to, presence: "in-room" });
    expect(reseatParticipant(doc, person("p0"), null).tableId).toBeNull();
    // Someone new to the café is seated in the room.
    expect(reseatParticipant(doc, person("new"), "t1")).toEqual({
      tableId: "t1",
      presence: "in-room",
    });
  });

  it("a host moved away stops hosting the table they leave", () => {
    const doc = seededCafeDoc(2, 2);
    reseatParticipant(doc, person("h0"), "t1");
    const state = readCafe(doc);
    expect(state.seating.h0?.tableId).toBe("t1");
    expect(state.tables.find((t) => t.id === "t0")?.hostId).toBeNull();
    expect(state.tables.find((t) => t.id === "t1")?.hostId).toBe("h1");
  });

  it("refuses an unknown or full table, writing nothing", () => {
    const doc = seededCafeDoc(2, 2);
    updateCafeTable(doc, "t1", { capacity: 3 });
    const before = readCafe(doc).seating;
    expect(codeOf(() => reseatParticipant(doc, person("p0"), "nowhere"))).toBe(
      CafeErrorCode.UnknownTable,
    );
    const outsider = Object.entries(before).find(([, s]) => s.tableId === "t0")?.[0] ?? "";
    expect(codeOf(() => reseatParticipant(doc, person(outsider), "t1"))).toBe(
      CafeErrorCode.TableFull,
    );
    expect(readCafe(doc).seating).toEqual(before);
  });
});

describe("people who leave are freed after a grace period", () => {
  const GRACE = 1_000;

  it("someone gone longer than the grace period is overdue; back within it, they are forgotten", () => {
    const connected = new Set(["a", "b"]);
    const isConnected = (id: string) => connected.has(id);
    let step = trackAbsence(["a", "b", "c"], isConnected, new Map(), 0, GRACE);
    expect([...step.since]).toEqual([["c", 0]]);
    expect(step.overdue).toEqual([]);
    connected.delete("b");
    step = trackAbsence(["a", "b", "c"], isConnected, step.since, 500, GRACE);
    expect([...step.since]).toEqual([
      ["b", 500],
      ["c", 0],
    ]);
    // Exactly the grace period is still within it.
    step = trackAbsence(["a", "b", "c"], isConnected, step.since, 1_000, GRACE);
    expect(step.overdue).toEqual([]);
    step = trackAbsence(["a", "b", "c"], isConnected, step.since, 1_001, GRACE);
    expect(step.overdue).toEqual(["c"]);
    // b comes back in time: forgotten, and a later absence counts from then.
    connected.add("b");
    step = trackAbsence(["a", "b", "c"], isConnected, step.since, 1_400, GRACE);
    expect(step.since.has("b")).toBe(false);
    connected.delete("b");
    step = trackAbsence(["a", "b"], isConnected, step.since, 2_000, GRACE);
    expect([...step.since]).toEqual([["b", 2_000]]);
    expect(step.overdue).toEqual([]);
  });

  it("freeing a seat takes them out of the café but keeps them host, so they are seated there again", () => {
    const doc = seededCafeDoc(2, 2);
    expect(freeSeatOfAbsent(doc, "h0")).toBe(true);
    expect(freeSeatOfAbsent(doc, "h0")).toBe(false);
    expect(peopleInCafe(doc)).not.toContain("h0");
    expect(readCafe(doc).tables.find((t) => t.id === "t0")?.hostId).toBe("h0");
    joinCafe(doc, person("h0"), "in-room");
    expect(planCafeRotation(readCafe(doc), [], 3).seating.h0).toBe("t0");
  });
});

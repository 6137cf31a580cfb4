import { describe, expect, it } from "vitest";
import { CafeErrorCode, isCafeError } from "./CafeError";
import { PairHistory } from "./PairHistory";
import { planRotation } from "./planRotation";
import type { RotationInput } from "./rotationTypes";

function expectCafeError(run: () => unknown, code: CafeErrorCode, where: object = {}): void {
  try {
    run();
  } catch (error) {
    expect(isCafeError(error, code)).toBe(true);
    expect(error).toMatchObject(where);
    return;
  }
  throw new Error(`expected a CafeError ${code}`);
}

const twoTables = [
  { id: "a", hostId: "ha" },
  { id: "b", hostId: "hb" },
];

describe("planRotation edge cases", () => {
  it("swaps the travellers of two tables and keeps the hosts", () => {
    const plan = planRotation({
      tables: twoTables,
      seating: { ha: "a", hb: "b", x1: "a", x2: "a", y1: "b", y2: "b" },
    });
    expect(plan.seating).toEqual({ ha: "a", hb: "b", x1: "b", x2: "b", y1: "a", y2: "a" });
    expect(plan.moves.map((m) => m.participantId)).toEqual(["x1", "x2", "y1", "y2"]);
    // x1 and x2 sat together and must travel together: the only possible plan repeats them.
    expect(plan.stats.repeatPairs).toBe(2);
    expect(plan.stats.maxSizeDiff).toBe(0);
  });

  it("one table: nobody can move; late arrivals are seated", () => {
    const plan = planRotation({
      tables: [{ id: "a", hostId: "ha" }],
      seating: { ha: "a", x: "a", late: null },
    });
    expect(plan.seating).toEqual({ ha: "a", x: "a", late: "a" });
    expect(plan.stats.stayed).toEqual(["x"]);
    expect(plan.moves).toEqual([{ participantId: "late", from: null, to: "a" }]);
  });

  it("a table with no host sends everyone travelling and is reported", () => {
    const plan = planRotation({
      tables: [
        { id: "a", hostId: null },
        { id: "b", hostId: "hb" },
        { id: "c", hostId: "hc" },
      ],
      seating: { a1: "a", a2: "a", hb: "b", b1: "b", hc: "c", c1: "c" },
    });
    expect(plan.seating.a1).not.toBe("a");
    expect(plan.seating.a2).not.toBe("a");
    expect(plan.stats.hostlessTables).toEqual(["a"]);
    expect(plan.stats.maxSizeDiff).toBe(0);
  });

  it("an absent host leaves the table hostless; a host present but unseated sits at their table", () => {
    const plan = planRotation({
      tables: twoTables,
      seating: { hb: null, x: "a", y: "b", z: "b" },
    });
    expect(plan.seating.hb).toBe("b");
    expect(plan.stats.hostlessTables).toEqual(["a"]);
    expect(plan.seating.x).toBe("b");
    expect(plan.seating.y).toBe("a");
    expect(plan.seating.z).toBe("a");
  });

  it("late arrivals are seated where they balance the tables", () => {
    const plan = planRotation({
      tables: twoTables,
      seating: { ha: "a", hb: "b", x: "a", y: "b", l1: null, l2: null },
    });
    expect(plan.stats.sizes).toEqual({ a: 3, b: 3 });
    expect(plan.stats.unseated).toEqual([]);
  });

  it("more people than seats: late arrivals are the ones left unseated", () => {
    const plan = planRotation({
      tables: [
        { id: "a", hostId: "ha", capacity: 2 },
        { id: "b", hostId: "hb", capacity: 2 },
      ],
      seating: { ha: "a", hb: "b", x: "a", y: "b", late: null },
    });
    expect(plan.stats.unseated).toEqual(["late"]);
    expect(plan.seating).toEqual({ ha: "a", hb: "b", x: "b", y: "a", late: null });
  });

  it("capacity that leaves nowhere to go: as few travellers as possible stay", () => {
    // Table b seats only its host, so a's travellers cannot leave a; c takes two of them.
    const plan = planRotation({
      tables: [
        { id: "a", hostId: "ha", capacity: 5 },
        { id: "b", hostId: "hb", capacity: 1 },
        { id: "c", hostId: "hc", capacity: 3 },
      ],
      seating: { ha: "a", hb: "b", hc: "c", a1: "a", a2: "a", a3: "a", a4: "a" },
    });
    expect(plan.stats.stayed.length).toBe(2);
    expect(plan.stats.sizes).toEqual({ a: 3, b: 1, c: 3 });
  });

  it("balances within capacity: a full small table, the rest even", () => {
    const seating: Record<string, string | null> = {};
    for (let i = 0; i < 14; i++) seating[`p${i}`] = null;
    const plan = planRotation({
      tables: [
        { id: "a", hostId: null, capacity: 2 },
        { id: "b", hostId: null },
        { id: "c", hostId: null },
      ],
      seating,
    });
    expect(plan.stats.sizes).toEqual({ a: 2, b: 6, c: 6 });
  });

  it("keeps people who met apart when it can", () => {
    // x and y met in an earlier round; tables a and b each get one newcomer from c.
    const input: RotationInput = {
      tables: [
        { id: "a", hostId: "ha" },
        { id: "b", hostId: "hb" },
        { id: "c", hostId: "hc" },
      ],
      seating: { ha: "a", hb: "b", hc: "c", x: "c", y: "c" },
      history: PairHistory.fromSeatings([
        { ha: "a", x: "a" },
        { hb: "b", y: "b" },
      ]),
    };
    for (let seed = 0; seed < 20; seed++) {
      const plan = planRotation({ ...input, seed });
      expect(plan.stats.repeatPairs).toBe(0);
      expect(plan.seating.x).toBe("b");
      expect(plan.seating.y).toBe("a");
    }
  });

  it("does not change the caller's history", () => {
    const history = PairHistory.fromSeatings([{ x: "a", y: "a" }]);
    planRotation({ tables: twoTables, seating: { ha: "a", hb: "b", x: "a", y: "b" }, history });
    expect(history.pairCount).toBe(1);
    expect(history.count("ha", "x")).toBe(0);
  });

  it("an empty café plans nothing", () => {
    const plan = planRotation({ tables: twoTables, seating: {} });
    expect(plan.moves).toEqual([]);
    expect(plan.stats.hostlessTables).toEqual(["a", "b"]);
  });
});

describe("planRotation validation", () => {
  it("names the problem", () => {
    expectCafeError(() => planRotation({ tables: [], seating: {} }), CafeErrorCode.NoTables);
    expectCafeError(
      () => planRotation({ tables: [{ id: "", hostId: null }], seating: {} }),
      CafeErrorCode.InvalidTableId,
    );
    expectCafeError(
      () => planRotation({ tables: [...twoTables, { id: "a", hostId: null }], seating: {} }),
      CafeErrorCode.DuplicateTable,
      { tableId: "a" },
    );
    expectCafeError(
      () => planRotation({ tables: [{ id: "a", hostId: null, capacity: 0 }], seating: {} }),
      CafeErrorCode.InvalidCapacity,
      { tableId: "a" },
    );
    expectCafeError(
      () => planRotation({ tables: [{ id: "a", hostId: null, capacity: 2.5 }], seating: {} }),
      CafeErrorCode.InvalidCapacity,
    );
    expectCafeError(
      () =>
        planRotation({
          tables: [
            { id: "a", hostId: "h" },
            { id: "b", hostId: "h" },
          ],
          seating: {},
        }),
      CafeErrorCode.DuplicateHost,
      { participantId: "h", tableId: "b" },
    );
    expectCafeError(
      () => planRotation({ tables: twoTables, seating: { x: "zz" } }),
      CafeErrorCode.UnknownTable,
      { tableId: "zz", participantId: "x" },
    );
    expectCafeError(
      () => planRotation({ tables: twoTables, seating: { ha: "b" } }),
      CafeErrorCode.HostSeatedElsewhere,
      { tableId: "a", participantId: "ha" },
    );
  });
});

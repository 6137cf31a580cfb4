import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CafeErrorCode, isCafeError } from "./CafeError";
import { CAFE_KEYS, CAFE_MAPS } from "./cafeDocLayout";
import { readCafe } from "./readCafe";
import { syncedPair, table } from "./test/cafeDocFixtures";
import {
  removeTable,
  writePresence,
  writeRound,
  writeSeat,
  writeSettings,
  writeTable,
  writeTables,
} from "./writeCafe";

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return isCafeError(error) ? error.code : "not a CafeError";
  }
}

describe("writeCafe", () => {
  it("writeTables replaces the set, keeps order, and unseats people of removed tables", () => {
    const doc = new Y.Doc();
    writeTables(doc, [table("a", "ha"), table("b", "hb")]);
    writeSeat(doc, "x", { tableId: "b", presence: "remote" });
    writeTables(doc, [table("c", null), table("a", "ha2")]);
    const state = readCafe(doc);
    expect(state.tables.map((t) => [t.id, t.hostId])).toEqual([
      ["c", null],
      ["a", "ha2"],
    ]);
    expect(state.seating.x).toEqual({ tableId: null, presence: "remote" });
  });

  it("writeTable appends a new table last and updates one in place", () => {
    const doc = new Y.Doc();
    writeTables(doc, [table("a", null), table("b", null)]);
    writeTable(doc, table("new", null));
    writeTable(doc, table("a", "host", { name: "Renamed" }));
    const state = readCafe(doc);
    expect(state.tables.map((t) => t.id)).toEqual(["a", "b", "new"]);
    expect(state.tables[0]?.name).toBe("Renamed");
    removeTable(doc, "b");
    expect(readCafe(doc).tables.map((t) => t.id)).toEqual(["a", "new"]);
  });

  it("two facilitators editing different fields of one table both win", () => {
    const [left, right] = syncedPair();
    writeTables(left, [table("a", "h1")]);
    // Edits made while disconnected, then exchanged.
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(right));
    writeTable(left, table("a", "h1", { name: "Kitchen table" }));
    writeTable(offline, table("a", "h2"));
    Y.applyUpdate(right, Y.encodeStateAsUpdate(offline));
    for (const doc of [left, right]) {
      expect(readCafe(doc).tables[0]).toMatchObject({ name: "Kitchen table", hostId: "h2" });
    }
  });

  it("only changed fields are written (no update for a no-op)", () => {
    const doc = new Y.Doc();
    writeTables(doc, [table("a", "h")]);
    writeSettings(doc, { roundCount: 3 });
    let updates = 0;
    doc.on("update", () => updates++);
    writeTables(doc, [table("a", "h")]);
    writeSettings(doc, { roundCount: 3 });
    expect(updates).toBe(0);
  });

  it("refuses to write malformed values", () => {
    const doc = new Y.Doc();
    expect(codeOf(() => writeTables(doc, [table("a", null), table("a", null)]))).toBe(
      CafeErrorCode.DuplicateTable,
    );
    expect(codeOf(() => writeTables(doc, [table("", null)]))).toBe(CafeErrorCode.InvalidTableId);
    expect(codeOf(() => writeTable(doc, table("a", null, { docName: "no spaces" })))).toBe(
      CafeErrorCode.InvalidValue,
    );
    expect(codeOf(() => writeTable(doc, table("a", null, { capacity: 0 })))).toBe(
      CafeErrorCode.InvalidCapacity,
    );
    expect(codeOf(() => writeSeat(doc, "x", { tableId: "nowhere", presence: "remote" }))).toBe(
      CafeErrorCode.UnknownTable,
    );
    expect(codeOf(() => writeSettings(doc, { roundCount: 0 }))).toBe(CafeErrorCode.InvalidValue);
    expect(codeOf(() => writeSettings(doc, { roundLengthMs: -1 }))).toBe(
      CafeErrorCode.InvalidValue,
    );
    expect(
      codeOf(() => writeRound(doc, { phase: "paused", round: 1, remainingMs: Number.NaN })),
    ).toBe(CafeErrorCode.InvalidValue);
    expect(doc.getMap(CAFE_MAPS.tables).size).toBe(0);
  });

  it("writeSeat(null) removes a person who left", () => {
    const doc = new Y.Doc();
    writeSeat(doc, "x", { tableId: null, presence: "remote" });
    writeSeat(doc, "x", null);
    expect(readCafe(doc).seating).toEqual({});
  });

  it("gives each new table the next slot, never one of a deleted table", () => {
    const doc = new Y.Doc();
    const slots = () => {
      const out: Record<string, unknown> = {};
      doc.getMap<unknown>(CAFE_MAPS.tables).forEach((value, id) => {
        out[id] = (value as Y.Map<unknown>).get(CAFE_KEYS.slot);
      });
      return out;
    };
    writeTables(doc, [table("a", null), table("b", null)]);
    writeTable(doc, table("c", null));
    expect(slots()).toEqual({ a: 1, b: 2, c: 3 });
    writeSeat(doc, "x", { tableId: "c", presence: "remote" });
    removeTable(doc, "c");
    writeTable(doc, table("d", null));
    // "c"'s slot 3 is not given again, so x's old seat cannot land at "d".
    expect(slots()).toEqual({ a: 1, b: 2, d: 4 });
    expect(readCafe(doc).seating.x).toEqual({ tableId: null, presence: "remote" });
    writeTables(doc, [table("a", null), table("e", null)]);
    expect(slots()).toEqual({ a: 1, e: 5 });
    expect(doc.getMap<unknown>(CAFE_MAPS.settings).get(CAFE_KEYS.lastSlot)).toBe(5);
    // Renaming a table keeps its slot.
    writeTable(doc, table("e", null, { name: "Renamed" }));
    expect(slots()).toEqual({ a: 1, e: 5 });
  });

  it("gives tables of an older café slots on the next write, and a lost duplicate a new one", () => {
    const doc = new Y.Doc();
    writeTables(doc, [table("a", "ha"), table("b", null), table("c", null)]);
    const tables = doc.getMap<unknown>(CAFE_MAPS.tables);
    const seating = doc.getMap<unknown>(CAFE_MAPS.seating);
    // As an older version left it: no slots, no lastSlot, object seats.
    tables.forEach((value) => {
      (value as Y.Map<unknown>).delete(CAFE_KEYS.slot);
    });
    doc.getMap<unknown>(CAFE_MAPS.settings).delete(CAFE_KEYS.lastSlot);
    seating.set("ha", { tableId: "a", presence: "remote" });
    seating.set("y", { tableId: "c", presence: "remote" });
    const before = readCafe(doc);

    writeSeat(doc, "x", { tableId: "b", presence: "in-room" });
    const slotOf = (id: string) => (tables.get(id) as Y.Map<unknown>).get(CAFE_KEYS.slot);
    expect([slotOf("a"), slotOf("b"), slotOf("c")]).toEqual([1, 2, 3]);
    expect(seating.get("x")).toBe(2);
    // Seats in the older layout stay as they are until that person is written.
    expect(seating.get("ha")).toEqual({ tableId: "a", presence: "remote" });
    expect(readCafe(doc).seating).toEqual({
      ...before.seating,
      x: { tableId: "b", presence: "in-room" },
    });

    // A duplicate (from two offline writers) is repaired by the next write; seats keep reading
    // as they did (as the winner's).
    (tables.get("c") as Y.Map<unknown>).set(CAFE_KEYS.slot, 2);
    expect(readCafe(doc).seating.x?.tableId).toBe("b");
    writeSeat(doc, "z", { tableId: "c", presence: "remote" });
    expect(slotOf("c")).toBe(4);
    expect(seating.get("z")).toBe(4);
    expect(readCafe(doc).seating.x?.tableId).toBe("b");
    expect(readCafe(doc).problems).toEqual([]);
  });

  it("writes the compact layout, each part only when it changes", () => {
    const doc = new Y.Doc();
    writeTables(doc, [table("a", null), table("b", null)]);
    writeSeat(doc, "x", { tableId: "a", presence: "in-room" });
    const changedKeys: string[] = [];
    for (const name of [CAFE_MAPS.seating, CAFE_MAPS.presence]) {
      doc.getMap<unknown>(name).observe((event) => {
        for (const key of event.keysChanged) changedKeys.push(`${name}:${key}`);
      });
    }
    writeSeat(doc, "x", { tableId: "a", presence: "remote" });
    expect(changedKeys).toEqual(["cafe.presence:x"]);
    writePresence(doc, "x", "in-room");
    writePresence(doc, "x", "in-room");
    expect(changedKeys).toEqual(["cafe.presence:x", "cafe.presence:x"]);
    writeSeat(doc, "x", { tableId: "b", presence: "in-room" });
    expect(changedKeys).toEqual(["cafe.presence:x", "cafe.presence:x", "cafe.seating:x"]);
    expect(doc.getMap<unknown>(CAFE_MAPS.seating).get("x")).toBe(2);
    expect(codeOf(() => writePresence(doc, "nobody", "remote"))).toBe(
      CafeErrorCode.UnknownParticipant,
    );
    writeSeat(doc, "x", null);
    expect(doc.getMap<unknown>(CAFE_MAPS.presence).has("x")).toBe(false);
  });

  it("a removed table unseats people whatever layout their seat is in", () => {
    const doc = new Y.Doc();
    writeTables(doc, [table("a", null), table("b", null)]);
    writeSeat(doc, "slot", { tableId: "a", presence: "remote" });
    writeSeat(doc, "stays", { tableId: "b", presence: "remote" });
    const seating = doc.getMap<unknown>(CAFE_MAPS.seating);
    seating.set("object", { tableId: "a", presence: "remote" });
    seating.set("string", "a");
    doc.getMap<unknown>(CAFE_MAPS.presence).set("string", "in-room");
    removeTable(doc, "a");
    expect(seating.toJSON()).toEqual({ slot: null, stays: 2, object: null, string: null });
    expect(readCafe(doc).seating).toEqual({
      slot: { tableId: null, presence: "remote" },
      stays: { tableId: "b", presence: "remote" },
      object: { tableId: null, presence: "remote" },
      string: { tableId: null, presence: "in-room" },
    });
    expect(readCafe(doc).problems).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CAFE_KEYS, CAFE_MAPS, DEFAULT_CAFE_SETTINGS, ROUND_STATE_KEY } from "./cafeDocLayout";
import { NOT_STARTED, startRound } from "./RoundState";
import { readCafe } from "./readCafe";
import { table } from "./test/cafeDocFixtures";
import { writeRound, writeSeat, writeSettings, writeTables } from "./writeCafe";

describe("readCafe", () => {
  it("reads an empty doc as an empty café with default settings", () => {
    const state = readCafe(new Y.Doc());
    expect(state).toEqual({
      settings: DEFAULT_CAFE_SETTINGS,
      tables: [],
      seating: {},
      round: NOT_STARTED,
      history: [],
      problems: [],
    });
  });

  it("reads back what the writers wrote, tables in order", () => {
    const doc = new Y.Doc();
    writeSettings(doc, { questions: ["What matters?"], roundCount: 3, freeMovement: true });
    writeTables(doc, [
      table("z", "hz", { question: "What matters?", docName: "event1.table-z", capacity: 5 }),
      table("a", null, { boardId: "b-a" }),
    ]);
    writeSeat(doc, "hz", { tableId: "z", presence: "remote" });
    writeSeat(doc, "late", { tableId: null, presence: "in-room" });
    const running = startRound(NOT_STARTED, { durationMs: 1_200_000, now: 5 });
    writeRound(doc, running);
    const state = readCafe(doc);
    expect(state.settings).toEqual({
      questions: ["What matters?"],
      roundCount: 3,
      roundLengthMs: DEFAULT_CAFE_SETTINGS.roundLengthMs,
      freeMovement: true,
    });
    expect(state.tables.map((t) => t.id)).toEqual(["z", "a"]);
    expect(state.tables[0]).toEqual(
      table("z", "hz", { question: "What matters?", docName: "event1.table-z", capacity: 5 }),
    );
    expect(state.seating).toEqual({
      hz: { tableId: "z", presence: "remote" },
      late: { tableId: null, presence: "in-room" },
    });
    expect(state.round).toEqual(running);
    expect(state.problems).toEqual([]);
  });

  it("skips malformed values instead of crashing, and says what it skipped", () => {
    const doc = new Y.Doc();
    writeTables(doc, [table("a", "ha")]);
    const settings = doc.getMap<unknown>(CAFE_MAPS.settings);
    settings.set("roundCount", "three");
    settings.set("questions", [1, 2]);
    const tables = doc.getMap<unknown>(CAFE_MAPS.tables);
    tables.set("plain", { name: "not a Y.Map" });
    const nameless = new Y.Map<unknown>();
    tables.set("nameless", nameless);
    nameless.set("hostId", "h");
    const a = tables.get("a") as Y.Map<unknown>;
    a.set("docName", "../etc/passwd");
    a.set("capacity", -2);
    const seating = doc.getMap<unknown>(CAFE_MAPS.seating);
    seating.set("ok", { tableId: "a", presence: "remote" });
    seating.set("bad-presence", { tableId: "a", presence: "moon" });
    seating.set("not-a-seat", 4.5);
    seating.set("gone-table", { tableId: "deleted", presence: "in-room" });
    doc.getMap<unknown>(CAFE_MAPS.round).set(ROUND_STATE_KEY, { phase: "running", round: 1 });
    const history = doc.getMap<unknown>(CAFE_MAPS.history);
    history.set("1", { round: 1, seating: { x: "a", y: 7 } });
    history.set("2", "garbage");

    const state = readCafe(doc);
    expect(state.settings.roundCount).toBe(DEFAULT_CAFE_SETTINGS.roundCount);
    expect(state.settings.questions).toEqual([]);
    expect(state.tables).toEqual([table("a", "ha")]);
    expect(state.seating).toEqual({
      ok: { tableId: "a", presence: "remote" },
      "gone-table": { tableId: null, presence: "in-room" },
    });
    expect(state.round).toEqual(NOT_STARTED);
    expect(state.history).toEqual([{ round: 1, seating: { x: "a" } }]);
    // 2 settings, nameless + plain tables, docName, capacity, 2 malformed seats, the gone table,
    // the round, 1 history entry.
    expect(state.problems).toHaveLength(11);
  });

  it("reads the compact layout: slots in cafe.seating, presence in cafe.presence", () => {
    const doc = new Y.Doc();
    writeTables(doc, [table("a", "ha"), table("b", null)]);
    writeSeat(doc, "ha", { tableId: "a", presence: "remote" });
    writeSeat(doc, "x", { tableId: "b", presence: "in-room" });
    writeSeat(doc, "late", { tableId: null, presence: "remote" });
    const raw = doc.getMap<unknown>(CAFE_MAPS.seating).toJSON();
    expect(raw).toEqual({ ha: 1, x: 2, late: null });
    expect(doc.getMap<unknown>(CAFE_MAPS.presence).toJSON()).toEqual({
      ha: "remote",
      x: "in-room",
      late: "remote",
    });
    expect(readCafe(doc).seating).toEqual({
      ha: { tableId: "a", presence: "remote" },
      x: { tableId: "b", presence: "in-room" },
      late: { tableId: null, presence: "remote" },
    });
    expect(readCafe(doc).problems).toEqual([]);
  });

  it("still reads the older seat layouts: {tableId, presence} objects and table id strings", () => {
    const doc = new Y.Doc();
    writeTables(doc, [table("a", "ha"), table("b", null)]);
    const seating = doc.getMap<unknown>(CAFE_MAPS.seating);
    const presence = doc.getMap<unknown>(CAFE_MAPS.presence);
    seating.set("object", { tableId: "a", presence: "remote" });
    seating.set("object-unseated", { tableId: null, presence: "in-room" });
    // A presence entry written after the object wins over the object's own.
    seating.set("object-moved-on", { tableId: "b", presence: "in-room" });
    presence.set("object-moved-on", "remote");
    seating.set("string", "b");
    presence.set("string", "remote");
    seating.set("string-gone", "deleted");
    presence.set("string-gone", "in-room");
    seating.set("string-no-presence", "a");

    const state = readCafe(doc);
    expect(state.seating).toEqual({
      object: { tableId: "a", presence: "remote" },
      "object-unseated": { tableId: null, presence: "in-room" },
      "object-moved-on": { tableId: "b", presence: "remote" },
      string: { tableId: "b", presence: "remote" },
      "string-gone": { tableId: null, presence: "in-room" },
      "string-no-presence": { tableId: "a", presence: "in-room" },
    });
    expect(state.problems).toEqual([
      'seat of "string-gone": unknown table "deleted", unseated',
      'presence of "string-no-presence": missing, read as in-room',
    ]);
  });

  it("reads a seat at a slot no table holds as unseated, and lists it", () => {
    const doc = new Y.Doc();
    writeTables(doc, [table("a", null)]);
    doc.getMap<unknown>(CAFE_MAPS.seating).set("x", 9);
    doc.getMap<unknown>(CAFE_MAPS.presence).set("x", "remote");
    doc.getMap<unknown>(CAFE_MAPS.presence).set("y", "moon");
    doc.getMap<unknown>(CAFE_MAPS.seating).set("y", 1);
    const state = readCafe(doc);
    expect(state.seating).toEqual({
      x: { tableId: null, presence: "remote" },
      y: { tableId: "a", presence: "in-room" },
    });
    expect(state.problems).toEqual([
      'seat of "x": unknown slot "9", unseated',
      'presence of "y": malformed, ignored',
      'presence of "y": missing, read as in-room',
    ]);
  });

  it("gives a slot claimed by two tables to the lower order, then the lower id, and lists it", () => {
    const doc = new Y.Doc();
    writeTables(doc, [table("z", null), table("b", null), table("a", null)]);
    const tables = doc.getMap<unknown>(CAFE_MAPS.tables);
    const slotOf = (id: string) => (tables.get(id) as Y.Map<unknown>).get(CAFE_KEYS.slot);
    expect([slotOf("z"), slotOf("b"), slotOf("a")]).toEqual([1, 2, 3]);
    // Two writers offline at once could both give slot 1: "z" (order 0) keeps it.
    (tables.get("a") as Y.Map<unknown>).set(CAFE_KEYS.slot, 1);
    doc.getMap<unknown>(CAFE_MAPS.seating).set("x", 1);
    doc.getMap<unknown>(CAFE_MAPS.presence).set("x", "remote");
    const state = readCafe(doc);
    expect(state.seating.x?.tableId).toBe("z");
    expect(state.problems).toEqual(['table "a": slot 1 is also "z"\'s; seats there read as "z"']);
    // Same order: the lower id keeps it, whichever map entry came first.
    (tables.get("b") as Y.Map<unknown>).set("order", 0);
    (tables.get("b") as Y.Map<unknown>).set(CAFE_KEYS.slot, 1);
    expect(readCafe(doc).seating.x?.tableId).toBe("b");
  });
});

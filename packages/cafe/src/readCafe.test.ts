import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CAFE_MAPS, DEFAULT_CAFE_SETTINGS, ROUND_STATE_KEY } from "./cafeDocLayout";
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
    seating.set("not-an-object", 42);
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
    expect(state.problems).toHaveLength(11);
  });
});

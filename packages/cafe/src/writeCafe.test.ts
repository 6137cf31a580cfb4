import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CafeErrorCode, isCafeError } from "./CafeError";
import { CAFE_MAPS } from "./cafeDocLayout";
import { readCafe } from "./readCafe";
import { syncedPair, table } from "./test/cafeDocFixtures";
import {
  removeTable,
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
});

import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CafeErrorCode, isCafeError } from "./CafeError";
import { readCafeNames } from "./cafeNames";
import { readCafe } from "./readCafe";
import { addCafeTable, updateCafeTable, volunteerAsHost } from "./tableHosts";
import { table } from "./test/cafeDocFixtures";
import { writeSeat, writeTables } from "./writeCafe";

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return isCafeError(error) ? error.code : "not a CafeError";
  }
}

function twoTables(): Y.Doc {
  const doc = new Y.Doc();
  writeTables(doc, [table("a", "ha"), table("b", null)]);
  writeSeat(doc, "ha", { tableId: "a", presence: "remote" });
  writeSeat(doc, "x", { tableId: null, presence: "remote" });
  return doc;
}

describe("tables and hosts", () => {
  it("adds a table and seats its host there; a host of another table is refused, nothing written", () => {
    const doc = twoTables();
    addCafeTable(doc, table("c", "x"));
    const state = readCafe(doc);
    expect(state.tables.map((t) => t.id)).toEqual(["a", "b", "c"]);
    expect(state.seating.x).toEqual({ tableId: "c", presence: "remote" });

    const before = Y.encodeStateAsUpdate(doc);
    expect(codeOf(() => addCafeTable(doc, table("d", "ha")))).toBe(CafeErrorCode.DuplicateHost);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it("updates a table's fields; a new host is seated at it, keeping their presence", () => {
    const doc = twoTables();
    const next = updateCafeTable(doc, "b", { name: "Bee", question: "Why?", hostId: "x" });
    expect(next).toMatchObject({ id: "b", name: "Bee", question: "Why?", hostId: "x" });
    expect(readCafe(doc).seating.x).toEqual({ tableId: "b", presence: "remote" });
    // An empty question clears it; fields not named stay.
    expect(updateCafeTable(doc, "b", { question: "" })).toMatchObject({
      name: "Bee",
      question: null,
    });
    expect(codeOf(() => updateCafeTable(doc, "b", { hostId: "ha" }))).toBe(
      CafeErrorCode.DuplicateHost,
    );
    expect(codeOf(() => updateCafeTable(doc, "zz", { name: "?" }))).toBe(
      CafeErrorCode.UnknownTable,
    );
    // Keeping the same host is no conflict.
    expect(updateCafeTable(doc, "a", { hostId: "ha", capacity: 4 }).capacity).toBe(4);
  });

  it("lets someone volunteer for a table without a host, once", () => {
    const doc = twoTables();
    expect(codeOf(() => volunteerAsHost(doc, "a", "x"))).toBe(CafeErrorCode.TableHasHost);
    expect(codeOf(() => volunteerAsHost(doc, "b", "ha"))).toBe(CafeErrorCode.DuplicateHost);
    expect(codeOf(() => volunteerAsHost(doc, "nope", "x"))).toBe(CafeErrorCode.UnknownTable);
    expect(volunteerAsHost(doc, "b", "x").hostId).toBe("x");
    expect(readCafe(doc).seating.x?.tableId).toBe("b");
    // Volunteering again for one's own table changes nothing.
    const before = Y.encodeStateAsUpdate(doc);
    expect(volunteerAsHost(doc, "b", "x").hostId).toBe("x");
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(readCafeNames(doc).size).toBe(0);
  });
});

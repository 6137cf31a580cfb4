import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CAFE_KEYS, CAFE_MAPS } from "./cafeDocLayout";
import { assignTableSlots, indexTableSlots, tableOfSeat } from "./tableSlots";
import { table } from "./test/cafeDocFixtures";
import { writeTables } from "./writeCafe";

describe("table slots", () => {
  it("indexes claims; a duplicate goes to the lower order, then the lower id, in any input order", () => {
    const claims = [
      { id: "c", order: 2, slot: 1 },
      { id: "b", order: 1, slot: 1 },
      { id: "a", order: 1, slot: 1 },
      { id: "d", order: 0, slot: 2 },
      { id: "e", order: 3, slot: undefined },
      { id: "f", order: 4, slot: 1.5 },
    ];
    for (const input of [claims, [...claims].reverse()]) {
      const slots = indexTableSlots(input);
      expect([...slots.tableBySlot]).toEqual([
        [2, "d"],
        [1, "a"],
      ]);
      expect(slots.unslotted).toEqual(["b", "c", "e", "f"]);
      expect(slots.highest).toBe(2);
      expect(slots.problems).toEqual([
        'table "b": slot 1 is also "a"\'s; seats there read as "a"',
        'table "c": slot 1 is also "a"\'s; seats there read as "a"',
        'table "f": malformed slot',
      ]);
      expect(tableOfSeat(1, slots)).toBe("a");
      expect(tableOfSeat(3, slots)).toBeUndefined();
      expect(tableOfSeat("e", slots)).toBe("e");
      expect(tableOfSeat("gone", slots)).toBeUndefined();
      expect(tableOfSeat(null, slots)).toBeNull();
    }
  });

  it("assigns above both lastSlot and every slot in use, and writes nothing when all have one", () => {
    const doc = new Y.Doc();
    writeTables(doc, [table("a", null), table("b", null)]);
    const tables = doc.getMap<unknown>(CAFE_MAPS.tables);
    const settings = doc.getMap<unknown>(CAFE_MAPS.settings);
    (tables.get("b") as Y.Map<unknown>).set(CAFE_KEYS.slot, 7); // written without lastSlot
    (tables.get("a") as Y.Map<unknown>).delete(CAFE_KEYS.slot);
    expect(assignTableSlots(doc).slotByTable.get("a")).toBe(8);
    expect(settings.get(CAFE_KEYS.lastSlot)).toBe(8);
    settings.set(CAFE_KEYS.lastSlot, 20);
    (tables.get("a") as Y.Map<unknown>).delete(CAFE_KEYS.slot);
    expect(assignTableSlots(doc).slotByTable.get("a")).toBe(21);
    let updates = 0;
    doc.on("update", () => updates++);
    assignTableSlots(doc);
    expect(updates).toBe(0);
  });
});

import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { applyRotation } from "./applyRotation";
import type { CafeState } from "./cafeDocLayout";
import { observeCafe } from "./observeCafe";
import { planRotation } from "./planRotation";
import { readCafe } from "./readCafe";
import { rotationInputFromCafe } from "./rotationInputFromCafe";
import { seededCafeDoc, table } from "./test/cafeDocFixtures";
import { writeTable } from "./writeCafe";

describe("observeCafe", () => {
  it("calls back once per transaction with the new state, including nested table edits", () => {
    const doc = seededCafeDoc(3, 3);
    const seen: CafeState[] = [];
    const stop = observeCafe(doc, (state) => seen.push(state));

    applyRotation(doc, planRotation(rotationInputFromCafe(readCafe(doc))));
    expect(seen).toHaveLength(1);
    expect(seen[0]?.history).toHaveLength(1);

    writeTable(doc, table("t0", "h0", { name: "Renamed" }));
    expect(seen).toHaveLength(2);
    expect(seen[1]?.tables[0]?.name).toBe("Renamed");

    doc.getMap("somebody-else").set("x", 1);
    expect(seen).toHaveLength(2);

    stop();
    writeTable(doc, table("t0", "h0", { name: "Again" }));
    expect(seen).toHaveLength(2);
  });

  it("sees remote updates too", () => {
    const doc = new Y.Doc();
    const seen: CafeState[] = [];
    observeCafe(doc, (state) => seen.push(state));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(seededCafeDoc(2, 1)));
    expect(seen).toHaveLength(1);
    expect(Object.keys(seen[0]?.seating ?? {})).toHaveLength(4);
  });
});

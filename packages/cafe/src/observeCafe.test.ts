import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { applyRotation } from "./applyRotation";
import type { CafeState } from "./cafeDocLayout";
import { observeCafe } from "./observeCafe";
import { planRotation } from "./planRotation";
import { readCafe } from "./readCafe";
import { rotationInputFromCafe } from "./rotationInputFromCafe";
import { seededCafeDoc, table } from "./test/cafeDocFixtures";
import { writePresence, writeTable } from "./writeCafe";

describe("observeCafe", () => {
  it("calls back once per transaction with the new state, including nested table edits", () => {
    const doc = seededCafeDoc(3, 3);
    const seen: CafeState[] = [];
    const stop = observeCafe(doc, (state) => seen.push(state));

    const plan = planRotation(rotationInputFromCafe(readCafe(doc)));
    applyRotation(doc, plan);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.seating.p0?.tableId).toBe(plan.seating.p0);

    writeTable(doc, table("t0", "h0", { name: "Renamed" }));
    expect(seen).toHaveLength(2);
    expect(seen[1]?.tables[0]?.name).toBe("Renamed");

    // A presence change touches only `cafe.presence`, which is observed too.
    writePresence(doc, "p0", "remote");
    expect(seen).toHaveLength(3);
    expect(seen[2]?.seating.p0?.presence).toBe("remote");

    doc.getMap("somebody-else").set("x", 1);
    expect(seen).toHaveLength(3);

    stop();
    writeTable(doc, table("t0", "h0", { name: "Again" }));
    expect(seen).toHaveLength(3);
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

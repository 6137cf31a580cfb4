import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CafeErrorCode, isCafeError } from "./CafeError";
import { CAFE_MAPS } from "./cafeDocLayout";
import { readCafeNames, writeName } from "./cafeNames";

describe("names beside the seats", () => {
  it("writes a name only when it changed and reads names back, skipping what is not a name", () => {
    const doc = new Y.Doc();
    let updates = 0;
    doc.on("update", () => updates++);
    writeName(doc, "p1", "Ana");
    writeName(doc, "p1", "Ana");
    expect(updates).toBe(1);
    doc.getMap(CAFE_MAPS.names).set("p2", 42);
    expect([...readCafeNames(doc)]).toEqual([["p1", "Ana"]]);
  });

  it("refuses an empty id, an empty name and an overlong one", () => {
    const doc = new Y.Doc();
    for (const [id, name] of [
      ["", "Ana"],
      ["p1", ""],
      ["p1", "x".repeat(201)],
    ] as const) {
      let code: string | null = null;
      try {
        writeName(doc, id, name);
      } catch (error) {
        code = isCafeError(error) ? error.code : "other";
      }
      expect(code).toBe(CafeErrorCode.InvalidValue);
    }
  });
});

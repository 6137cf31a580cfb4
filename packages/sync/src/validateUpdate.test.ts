import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { SyncError } from "./SyncError";
import { validateUpdate } from "./validateUpdate";

describe("validateUpdate", () => {
  it("accepts real updates, including the empty one", () => {
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "hi");
    doc.getArray("a").insert(0, [1, { x: 2 }]);
    doc.getMap("m").delete("none");
    expect(() => validateUpdate(Y.encodeStateAsUpdate(doc))).not.toThrow();
    expect(() => validateUpdate(new Uint8Array([0, 0]))).not.toThrow();
  });

  it("refuses malformed bytes with a SyncError", () => {
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "hello world");
    const good = Y.encodeStateAsUpdate(doc);
    const samples = [
      new Uint8Array([]),
      new Uint8Array([1]),
      good.slice(0, good.length - 4),
      new Uint8Array([255, 255, 255, 255, 15]),
    ];
    for (const sample of samples) expect(() => validateUpdate(sample)).toThrow(SyncError);
  });
});

import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readCafeNames, relabelCafeNames, writeName } from "./cafeNames";

describe("relabelCafeNames", () => {
  it("renames everyone in the café and back, writing nothing when nothing changes", () => {
    const doc = new Y.Doc();
    writeName(doc, "p1", "Ada");
    writeName(doc, "p2", "Grace");
    relabelCafeNames(doc, () => "Anonymous");
    expect([...readCafeNames(doc).values()]).toEqual(["Anonymous", "Anonymous"]);
    let updates = 0;
    doc.on("update", () => updates++);
    relabelCafeNames(doc, () => "Anonymous");
    expect(updates).toBe(0);
    const real = new Map([
      ["p1", "Ada"],
      ["p2", "Grace"],
    ]);
    relabelCafeNames(doc, (id) => real.get(id) ?? "");
    expect(readCafeNames(doc)).toEqual(real);
    expect(updates).toBe(1);
  });

  it("leaves an entry whose new name would be empty or too long", () => {
    const doc = new Y.Doc();
    writeName(doc, "p1", "Ada");
    relabelCafeNames(doc, () => "");
    relabelCafeNames(doc, () => "x".repeat(201));
    expect(readCafeNames(doc).get("p1")).toBe("Ada");
  });
});

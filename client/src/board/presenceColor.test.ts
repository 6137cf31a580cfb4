import { describe, expect, it } from "vitest";
import { presenceColor } from "./presenceColor";

describe("presenceColor", () => {
  it("is stable per id and spreads ids over the palette", () => {
    expect(presenceColor("p1")).toBe(presenceColor("p1"));
    const colors = new Set(Array.from({ length: 50 }, (_, i) => presenceColor(`person-${i}`)));
    expect(colors.size).toBeGreaterThan(5);
    for (const color of colors) expect(color).toMatch(/^#[0-9a-f]{6}$/);
  });
});

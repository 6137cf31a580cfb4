import { describe, expect, it } from "vitest";
import { PRESENCE_COLORS, presenceColor } from "./presenceColor";

/** WCAG relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

describe("presenceColor", () => {
  it("is stable per id and spreads ids over the palette", () => {
    expect(presenceColor("p1")).toBe(presenceColor("p1"));
    const colors = new Set(Array.from({ length: 50 }, (_, i) => presenceColor(`person-${i}`)));
    expect(colors.size).toBeGreaterThan(5);
    for (const color of colors) expect(color).toMatch(/^#[0-9a-f]{6}$/);
  });

  it("gives every name tag's white text at least 4.5:1 contrast", () => {
    for (const color of PRESENCE_COLORS) {
      const ratio = (1 + 0.05) / (luminance(color) + 0.05);
      expect(ratio, color).toBeGreaterThanOrEqual(4.5);
    }
  });
});

import { describe, expect, it } from "vitest";
import {
  ARROW_RECT,
  contains,
  noteSlot,
  overlaps,
  PATH_REGIONS,
  POSTER,
  type Rect,
  regionAt,
  TITLE_RECT,
} from "./pathLayout";
import { PATH_STEP_IDS } from "./pathSteps";

const inside = (inner: Rect, outer: Rect) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.w <= outer.x + outer.w &&
  inner.y + inner.h <= outer.y + outer.h;

const posterRect: Rect = { x: 0, y: 0, w: POSTER.w, h: POSTER.h };

describe("the arrow layout", () => {
  it("is A0 landscape at 150 dpi", () => {
    expect(POSTER).toEqual({ w: 7022, h: 4967 });
    expect(Math.round((1189 / 25.4) * 150)).toBe(POSTER.w);
    expect(Math.round((841 / 25.4) * 150)).toBe(POSTER.h);
  });

  it("has eight regions on the poster that never overlap each other or the title", () => {
    const rects = PATH_STEP_IDS.map((id) => PATH_REGIONS[id]);
    for (const [i, a] of rects.entries()) {
      expect(inside(a, posterRect)).toBe(true);
      expect(overlaps(a, TITLE_RECT)).toBe(false);
      for (const b of rects.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
    }
    expect(inside(ARROW_RECT, posterRect)).toBe(true);
  });

  it("runs from now at the tail to the goal in the head, the North Star beyond the tip", () => {
    const left = (id: keyof typeof PATH_REGIONS) => PATH_REGIONS[id].x;
    expect(left("now")).toBeLessThan(left("enrol"));
    expect(left("enrol")).toBe(left("strength"));
    expect(PATH_REGIONS.enrol.y).toBeLessThan(PATH_REGIONS.strength.y);
    expect(left("strength")).toBeLessThan(left("first-step"));
    expect(left("first-step")).toBeLessThan(left("next-month"));
    expect(left("next-month")).toBeLessThan(left("three-months"));
    expect(left("three-months")).toBeLessThan(left("goal"));
    expect(PATH_REGIONS.goal.x + PATH_REGIONS.goal.w).toBeLessThanOrEqual(
      ARROW_RECT.x + ARROW_RECT.w,
    );
    expect(left("north-star")).toBeGreaterThan(ARROW_RECT.x + ARROW_RECT.w);
  });

  it("finds the region of a point", () => {
    for (const id of PATH_STEP_IDS) {
      const r = PATH_REGIONS[id];
      expect(regionAt(r.x + r.w / 2, r.y + r.h / 2)).toBe(id);
    }
    expect(regionAt(10, 10)).toBeNull();
  });
});

describe("noteSlot", () => {
  it("keeps every note wholly inside its region, for the first hundreds of notes", () => {
    for (const id of PATH_STEP_IDS) {
      const region = PATH_REGIONS[id];
      const seen = new Set<string>();
      for (let n = 0; n < 300; n++) {
        const { x, y } = noteSlot(id, n, 200);
        expect(contains(region, x, y)).toBe(true);
        expect(contains(region, x + 200, y + 200)).toBe(true);
        seen.add(`${x},${y}`);
      }
      // Later layers are offset, so notes rarely land exactly on another.
      expect(seen.size).toBeGreaterThan(20);
    }
  });
});

import type { PathStepId } from "./pathSteps";

/** An axis-aligned rectangle in poster coordinates (tldraw page units, 1 unit = 1 px at export). */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * The poster is A0 landscape at 150 dpi: 1189 × 841 mm = 7,022 × 4,967 px. The arrow runs left
 * to right, from "now" at its tail to the goal in its head, with the North Star beyond the tip.
 */
export const POSTER = { w: 7022, h: 4967 } as const;

/** The poster's density: its PNG says so, so that it prints at A0 size. */
export const POSTER_DPI = 150;

/** The band at the top naming the focus person (or group). */
export const TITLE_RECT: Rect = { x: 200, y: 150, w: 6622, h: 450 };

/** The arrow's outline: its shaft holds steps 3–8, its head the goal. */
export const ARROW_RECT: Rect = { x: 150, y: 800, w: 5700, h: 4000 };

/**
 * Each step's region, in the classic PATH arrow: "now" at the tail, then the people to enrol
 * above the ways to build strength, then the first step, next month and three months leading
 * towards the goal (the nearer the goal, the further in time), the goal in the arrow's head, the
 * North Star beyond it.
 */
export const PATH_REGIONS: Readonly<Record<PathStepId, Rect>> = {
  now: { x: 300, y: 1450, w: 1000, h: 2700 },
  enrol: { x: 1400, y: 1450, w: 1100, h: 1300 },
  strength: { x: 1400, y: 2850, w: 1100, h: 1300 },
  "first-step": { x: 2600, y: 1450, w: 700, h: 2700 },
  "next-month": { x: 3400, y: 1450, w: 700, h: 2700 },
  "three-months": { x: 4200, y: 1450, w: 700, h: 2700 },
  goal: { x: 5000, y: 1800, w: 700, h: 2000 },
  "north-star": { x: 5950, y: 800, w: 920, h: 4000 },
};

/** The region's inner margin where nothing is placed: its label sits in the top band. */
export const REGION_LABEL_BAND = 160;
export const REGION_PADDING = 40;

export function contains(rect: Rect, x: number, y: number): boolean {
  return x >= rect.x && x <= rect.x + rect.w && y >= rect.y && y <= rect.y + rect.h;
}

export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** The step whose region holds the point, or null outside every region. */
export function regionAt(x: number, y: number): PathStepId | null {
  for (const [id, rect] of Object.entries(PATH_REGIONS) as [PathStepId, Rect][]) {
    if (contains(rect, x, y)) return id;
  }
  return null;
}

/**
 * Where the `n`-th note (0-based) of a region goes: a grid inside the region below its label,
 * filled row by row; past the last cell the grid starts again, offset by a small step so notes
 * never sit exactly on top of each other. Every position keeps the whole note inside the region.
 */
export function noteSlot(step: PathStepId, n: number, noteSize: number): { x: number; y: number } {
  const region = PATH_REGIONS[step];
  const inner = {
    x: region.x + REGION_PADDING,
    y: region.y + REGION_LABEL_BAND,
    w: region.w - 2 * REGION_PADDING,
    h: region.h - REGION_LABEL_BAND - REGION_PADDING,
  };
  const gap = 20;
  const columns = Math.max(1, Math.floor((inner.w + gap) / (noteSize + gap)));
  const rows = Math.max(1, Math.floor((inner.h + gap) / (noteSize + gap)));
  const cells = columns * rows;
  const index = ((n % cells) + cells) % cells;
  const layer = Math.floor(Math.max(0, n) / cells);
  const slack = {
    x: Math.max(0, inner.w - columns * (noteSize + gap) + gap),
    y: Math.max(0, inner.h - rows * (noteSize + gap) + gap),
  };
  const shift = 24 * layer;
  return {
    x: inner.x + (index % columns) * (noteSize + gap) + (slack.x > 0 ? shift % slack.x : 0),
    y:
      inner.y +
      Math.floor(index / columns) * (noteSize + gap) +
      (slack.y > 0 ? shift % slack.y : 0),
  };
}

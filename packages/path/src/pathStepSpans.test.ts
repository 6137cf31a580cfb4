import { describe, expect, it } from "vitest";
import { goToStep, NOT_STARTED } from "./PathProgress";
import {
  nextStepBoundary,
  pathStepSpans,
  stepBoundaries,
  stepSpanAt,
  stepSpanBounds,
} from "./pathStepSpans";

/** North Star at 100, the goal at 200, now at 300, back to the goal at 400, enrol at 500. */
function session() {
  let p = NOT_STARTED;
  for (const [step, at] of [
    ["north-star", 100],
    ["goal", 200],
    ["now", 300],
    ["goal", 400],
    ["enrol", 500],
  ] as const) {
    p = goToStep(p, step, at);
  }
  return pathStepSpans(p.timeline);
}

describe("pathStepSpans", () => {
  it("gives every stretch of the session, revisits included, the last one still open", () => {
    expect(pathStepSpans([])).toEqual([]);
    expect(
      session().map((s) => [s.visit, s.step, s.number, s.revisit, s.startedAt, s.endedAt]),
    ).toEqual([
      [1, "north-star", 1, false, 100, 200],
      [2, "goal", 2, false, 200, 300],
      [3, "now", 3, false, 300, 400],
      [4, "goal", 2, true, 400, 500],
      [5, "enrol", 4, false, 500, null],
    ]);
  });

  it("puts each moment in the stretch it was made in, like café rounds [start, end)", () => {
    const spans = session();
    expect(stepSpanAt(spans, 99)).toBeNull();
    expect(stepSpanAt(spans, 100)?.visit).toBe(1);
    expect(stepSpanAt(spans, 199)?.visit).toBe(1);
    expect(stepSpanAt(spans, 200)?.visit).toBe(2);
    expect(stepSpanAt(spans, 450)?.visit).toBe(4);
    expect(stepSpanAt(spans, 10_000)?.visit).toBe(5);
  });

  it("bounds a stretch up to the millisecond before the next step, or the latest change", () => {
    const spans = session();
    expect(stepSpanBounds(spans[2]!, 900)).toEqual({ start: 300, end: 399 });
    expect(stepSpanBounds(spans[4]!, 900)).toEqual({ start: 500, end: 900 });
    // No change yet in a step just entered.
    expect(stepSpanBounds(spans[4]!, 450)).toEqual({ start: 500, end: 500 });
  });
});

describe("step boundaries", () => {
  it("are the moment before the start and each stretch's end, walked both ways", () => {
    const spans = session();
    expect(stepBoundaries([], 900)).toEqual([]);
    expect(stepBoundaries(spans, 900)).toEqual([99, 199, 299, 399, 499, 900]);
    expect(nextStepBoundary(spans, 900, 0, 1)).toBe(99);
    expect(nextStepBoundary(spans, 900, 99, 1)).toBe(199);
    expect(nextStepBoundary(spans, 900, 250, 1)).toBe(299);
    expect(nextStepBoundary(spans, 900, 900, 1)).toBeNull();
    expect(nextStepBoundary(spans, 900, 299, -1)).toBe(199);
    expect(nextStepBoundary(spans, 900, 350, -1)).toBe(299);
    expect(nextStepBoundary(spans, 900, 99, -1)).toBeNull();
  });

  it("keep one boundary for two step changes in the same millisecond", () => {
    const spans = pathStepSpans([
      { step: "north-star", at: 100 },
      { step: "goal", at: 200 },
      { step: "now", at: 200 },
    ]);
    expect(spans[1]).toMatchObject({ startedAt: 200, endedAt: 200 });
    expect(stepBoundaries(spans, 300)).toEqual([99, 199, 300]);
    expect(stepSpanAt(spans, 200)?.step).toBe("now");
  });
});

import type { BoardFrame, BoardHistoryEntry } from "@tablecloth/protocol";
import { describe, expect, it } from "vitest";
import {
  nextStep,
  pathSpansOf,
  ReplayCursor,
  replaySpan,
  replaySteps,
  stepAt,
  timelineSpan,
} from "./replayTimeline";

const shape = (id: string, x: number) => ({ id, typeName: "shape", x });
const frames: BoardFrame[] = [
  { seq: 1, at: 100, put: [shape("shape:a", 0)], removed: [] },
  { seq: 3, at: 200, put: [shape("shape:b", 1), shape("shape:a", 9)], removed: [] },
  { seq: 4, at: 300, put: [], removed: ["shape:a"] },
  { seq: 5, at: 400, put: [shape("shape:c", 2)], removed: [] },
];
const entry = (seq: number, at: number, author: string, round: number): BoardHistoryEntry => ({
  seq,
  at,
  author,
  authorName: author,
  round,
});
const entries = [
  entry(1, 100, "ann", 1),
  entry(2, 200, "bo", 1),
  entry(3, 200, "ann", 1),
  entry(4, 300, "bo", 2),
  entry(5, 400, "ann", 2),
];

describe("replaySteps", () => {
  it("gives each frame its authors (last first) and round", () => {
    const steps = replaySteps(frames, entries);
    expect(steps.map((s) => [s.authors, s.round])).toEqual([
      [["ann"], 1],
      [["ann", "bo"], 1],
      [["bo"], 2],
      [["ann"], 2],
    ]);
  });

  it("finds the step at a time, steps by filter and spans a round", () => {
    const steps = replaySteps(frames, entries);
    expect(stepAt(steps, 50)).toBe(-1);
    expect(stepAt(steps, 200)).toBe(1);
    expect(stepAt(steps, 299)).toBe(1);
    expect(stepAt(steps, 10_000)).toBe(3);
    expect(nextStep(steps, -1, 1, { round: 0, author: "bo" })?.index).toBe(1);
    expect(nextStep(steps, 1, 1, { round: 0, author: "bo" })?.index).toBe(2);
    expect(nextStep(steps, 2, 1, { round: 0, author: "bo" })).toBeNull();
    expect(nextStep(steps, 3, -1, { round: 1, author: null })?.index).toBe(1);
    const rounds = [
      { round: 1, startedAt: 90, endedAt: 250 },
      { round: 2, startedAt: 260, endedAt: null },
    ];
    expect(timelineSpan(steps, rounds, 2, 0)).toEqual({ start: 260, end: 400 });
    expect(timelineSpan(steps, rounds, 0, 0)).toEqual({ start: 99, end: 400 });
  });
});

describe("ReplayCursor", () => {
  it("shows every step exactly, seeking forward and back in any order", () => {
    const steps = replaySteps(frames, entries);
    const expected: Array<Record<string, number>> = [
      {},
      { "shape:a": 0 },
      { "shape:a": 9, "shape:b": 1 },
      { "shape:b": 1 },
      { "shape:b": 1, "shape:c": 2 },
    ];
    const cursor = new ReplayCursor(steps);
    expect(cursor.index).toBe(3);
    const shown = new Map<string, unknown>(cursor.current());
    for (const target of [0, 3, -1, 2, 1, 3, 0, -1, 2]) {
      const { put, removed } = cursor.seek(target);
      for (const r of put) shown.set(r.id, r);
      for (const id of removed) shown.delete(id);
      const xs = Object.fromEntries([...shown].map(([id, r]) => [id, (r as { x: number }).x]));
      expect(xs, `step ${target}`).toEqual(expected[target + 1]);
      expect(new Map(cursor.current())).toEqual(shown);
    }
  });
});

describe("replay by PATH step", () => {
  const spans = pathSpansOf([
    { visit: 1, step: "north-star", number: 1, revisit: false, startedAt: 150, endedAt: 250 },
    { visit: 2, step: "goal", number: 2, revisit: false, startedAt: 250, endedAt: 350 },
    { visit: 3, step: "north-star", number: 1, revisit: true, startedAt: 350, endedAt: null },
    { visit: 4, step: "sideways", number: 3, revisit: false, startedAt: 360, endedAt: null },
  ]);

  it("puts each frame in its stretch and narrows the walk and the span to one", () => {
    expect(spans.map((s) => s.step)).toEqual(["north-star", "goal", "north-star"]);
    const steps = replaySteps(frames, entries, spans);
    expect(steps.map((s) => s.visit)).toEqual([0, 1, 2, 3]);
    const goal = { round: 0, author: null, visit: 2 };
    expect(nextStep(steps, -1, 1, goal)?.index).toBe(2);
    expect(nextStep(steps, 2, 1, goal)).toBeNull();
    expect(replaySpan(steps, [], spans, goal, 0)).toEqual({ start: 250, end: 349 });
    expect(replaySpan(steps, [], spans, { ...goal, visit: 3 }, 0)).toEqual({
      start: 350,
      end: 400,
    });
    expect(replaySpan(steps, [], spans, { ...goal, visit: 0 }, 0)).toEqual({
      start: 99,
      end: 400,
    });
  });
});

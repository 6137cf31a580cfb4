import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CafeErrorCode, isCafeError } from "./CafeError";
import { readCafe } from "./readCafe";
import { readTimeline } from "./roundTimeline";
import { applyRoundAction, startNextRound } from "./runRound";
import { writeSettings } from "./writeCafe";

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return isCafeError(error) ? error.code : "not a CafeError";
  }
}

const extendMs = 60_000;

describe("round actions", () => {
  it("runs the clock on the doc and keeps the timeline; refused transitions write nothing", () => {
    const doc = new Y.Doc();
    writeSettings(doc, { roundLengthMs: 120_000 });
    const before = Y.encodeStateAsUpdate(doc);
    expect(codeOf(() => applyRoundAction(doc, "pause", { now: 5, extendMs }))).toBe(
      CafeErrorCode.InvalidTransition,
    );
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);

    expect(applyRoundAction(doc, "start", { now: 1_000, extendMs })).toEqual({
      phase: "running",
      round: 1,
      startedAt: 1_000,
      durationMs: 120_000,
    });
    expect(applyRoundAction(doc, "pause", { now: 21_000, extendMs })).toEqual({
      phase: "paused",
      round: 1,
      remainingMs: 100_000,
    });
    expect(applyRoundAction(doc, "extend", { now: 22_000, extendMs })).toMatchObject({
      remainingMs: 160_000,
    });
    expect(applyRoundAction(doc, "resume", { now: 30_000, extendMs })).toMatchObject({
      phase: "running",
      durationMs: 160_000,
    });
    expect(applyRoundAction(doc, "end", { now: 40_000, extendMs })).toEqual({
      phase: "ended",
      round: 1,
    });
    expect(
      applyRoundAction(doc, "start", { now: 50_000, durationMs: 5_000, extendMs }),
    ).toMatchObject({ round: 2, durationMs: 5_000 });
    expect(readCafe(doc).round).toMatchObject({ phase: "running", round: 2 });
    expect(readTimeline(doc)).toEqual([
      { round: 1, startedAt: 1_000, endedAt: 40_000 },
      { round: 2, startedAt: 50_000, endedAt: null },
    ]);
  });

  it("starts the next round, ending a running or paused one first", () => {
    const doc = new Y.Doc();
    expect(startNextRound(doc, 10)).toMatchObject({ phase: "running", round: 1, startedAt: 10 });
    applyRoundAction(doc, "pause", { now: 20, extendMs });
    expect(startNextRound(doc, 30)).toMatchObject({ phase: "running", round: 2, startedAt: 30 });
    expect(readTimeline(doc)).toEqual([
      { round: 1, startedAt: 10, endedAt: 30 },
      { round: 2, startedAt: 30, endedAt: null },
    ]);
  });
});

describe("the round count holds", () => {
  it("starts no round beyond the set count, by the round buttons or a rotation", () => {
    const doc = new Y.Doc();
    writeSettings(doc, { roundLengthMs: 60_000, roundCount: 2 });
    applyRoundAction(doc, "start", { now: 0, extendMs });
    startNextRound(doc, 10);
    expect(readCafe(doc).round).toMatchObject({ phase: "running", round: 2 });
    const before = Y.encodeStateAsUpdate(doc);
    expect(codeOf(() => startNextRound(doc, 20))).toBe(CafeErrorCode.RoundsOver);
    applyRoundAction(doc, "end", { now: 30, extendMs });
    const ended = Y.encodeStateAsUpdate(doc);
    expect(ended).not.toEqual(before);
    expect(codeOf(() => applyRoundAction(doc, "start", { now: 40, extendMs }))).toBe(
      CafeErrorCode.RoundsOver,
    );
    expect(Y.encodeStateAsUpdate(doc)).toEqual(ended);
    // Raising the count allows the next one.
    writeSettings(doc, { roundCount: 3 });
    expect(applyRoundAction(doc, "start", { now: 50, extendMs })).toMatchObject({ round: 3 });
  });
});

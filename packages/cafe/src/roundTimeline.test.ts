import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { endRound, NOT_STARTED, pauseRound, resumeRound, startRound } from "./RoundState";
import { readTimeline, recordRoundTransition, roundAt } from "./roundTimeline";

describe("round timeline", () => {
  it("records each round's start and end; pauses do not split a round", () => {
    const doc = new Y.Doc();
    const r1 = startRound(NOT_STARTED, { durationMs: 1_000, now: 100 });
    recordRoundTransition(doc, NOT_STARTED, r1, 100);
    const paused = pauseRound(r1, 300);
    recordRoundTransition(doc, r1, paused, 300);
    const resumed = resumeRound(paused, 500);
    recordRoundTransition(doc, paused, resumed, 500);
    const ended = endRound(resumed);
    recordRoundTransition(doc, resumed, ended, 900);
    const r2 = startRound(ended, { durationMs: 1_000, now: 1_000 });
    recordRoundTransition(doc, ended, r2, 1_000);

    expect(readTimeline(doc)).toEqual([
      { round: 1, startedAt: 100, endedAt: 900 },
      { round: 2, startedAt: 1_000, endedAt: null },
    ]);
  });

  it("maps a change's server time to the round it was made in", () => {
    const timeline = [
      { round: 1, startedAt: 100, endedAt: 900 },
      { round: 2, startedAt: 1_000, endedAt: null },
    ];
    expect(roundAt(timeline, 50)).toBe(0);
    expect(roundAt(timeline, 100)).toBe(1);
    expect(roundAt(timeline, 899)).toBe(1);
    expect(roundAt(timeline, 950)).toBe(0);
    expect(roundAt(timeline, 5_000)).toBe(2);
  });
});

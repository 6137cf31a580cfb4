import { describe, expect, it } from "vitest";
import { CafeErrorCode, isCafeError } from "./CafeError";
import {
  endRound,
  extendRound,
  isInWarningWindow,
  msUntilWarning,
  NOT_STARTED,
  pauseRound,
  type RoundState,
  remainingMs,
  resumeRound,
  startRound,
} from "./RoundState";

const MIN = 60_000;

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return isCafeError(error) ? error.code : "not a CafeError";
  }
}

describe("RoundState", () => {
  it("runs, pauses, resumes, extends and ends a round on server time", () => {
    let state: RoundState = startRound(NOT_STARTED, { durationMs: 20 * MIN, now: 1_000 });
    expect(state).toEqual({ phase: "running", round: 1, startedAt: 1_000, durationMs: 20 * MIN });
    expect(remainingMs(state, 1_000 + 5 * MIN)).toBe(15 * MIN);

    state = pauseRound(state, 1_000 + 5 * MIN);
    expect(state).toEqual({ phase: "paused", round: 1, remainingMs: 15 * MIN });
    expect(remainingMs(state, 1_000 + 60 * MIN)).toBe(15 * MIN);

    state = resumeRound(state, 100_000_000);
    expect(remainingMs(state, 100_000_000 + MIN)).toBe(14 * MIN);

    state = extendRound(state, 5 * MIN, 100_000_000 + MIN);
    expect(remainingMs(state, 100_000_000 + MIN)).toBe(19 * MIN);

    state = endRound(state);
    expect(state).toEqual({ phase: "ended", round: 1 });
    expect(remainingMs(state, 0)).toBe(0);

    state = startRound(state, { durationMs: 25 * MIN, now: 0 });
    expect(state.phase === "running" && state.round).toBe(2);
  });

  it("never counts below zero; an overrun round extends from now", () => {
    const state = startRound(NOT_STARTED, { durationMs: MIN, now: 0 });
    expect(remainingMs(state, 10 * MIN)).toBe(0);
    expect(remainingMs(extendRound(state, 2 * MIN, 10 * MIN), 10 * MIN)).toBe(2 * MIN);
    expect(remainingMs(extendRound(state, -5 * MIN, 0), 0)).toBe(0);
    const paused = pauseRound(state, 0);
    expect(extendRound(paused, -2 * MIN, 0)).toEqual({ phase: "paused", round: 1, remainingMs: 0 });
  });

  it("warns in the last minute, and tells a client when to", () => {
    const state = startRound(NOT_STARTED, { durationMs: 20 * MIN, now: 0 });
    expect(isInWarningWindow(state, 18 * MIN)).toBe(false);
    expect(msUntilWarning(state, 18 * MIN)).toBe(MIN);
    expect(isInWarningWindow(state, 19 * MIN)).toBe(true);
    expect(isInWarningWindow(state, 19.5 * MIN)).toBe(true);
    expect(msUntilWarning(state, 19.5 * MIN)).toBe(0);
    expect(isInWarningWindow(state, 20 * MIN)).toBe(false);
    expect(msUntilWarning(state, 20 * MIN)).toBeNull();
    expect(isInWarningWindow(pauseRound(state, 19.5 * MIN), 19.5 * MIN)).toBe(false);
    expect(isInWarningWindow(state, 15 * MIN, 5 * MIN)).toBe(true);
    expect(remainingMs(NOT_STARTED, 0)).toBeNull();
  });

  it("refuses transitions the state does not allow", () => {
    const running = startRound(NOT_STARTED, { durationMs: MIN, now: 0 });
    const t = CafeErrorCode.InvalidTransition;
    expect(codeOf(() => pauseRound(NOT_STARTED, 0))).toBe(t);
    expect(codeOf(() => resumeRound(running, 0))).toBe(t);
    expect(codeOf(() => startRound(running, { durationMs: MIN, now: 0 }))).toBe(t);
    expect(codeOf(() => endRound(NOT_STARTED))).toBe(t);
    expect(codeOf(() => extendRound(endRound(running), MIN, 0))).toBe(t);
    expect(codeOf(() => startRound(NOT_STARTED, { durationMs: MIN, now: 0, round: 0 }))).toBe(t);
    expect(codeOf(() => startRound(NOT_STARTED, { durationMs: -1, now: 0 }))).toBe(
      CafeErrorCode.InvalidDuration,
    );
    expect(codeOf(() => extendRound(running, Number.NaN, 0))).toBe(CafeErrorCode.InvalidDuration);
  });
});

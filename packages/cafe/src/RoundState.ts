import { CafeError, CafeErrorCode } from "./CafeError";

/**
 * The café's round timer. Every time in it is SERVER time in epoch milliseconds: clients convert
 * with the offset from `estimateClockOffset`, so every table's countdown agrees.
 */
export type RoundState =
  | { readonly phase: "not-started" }
  | {
      readonly phase: "running";
      readonly round: number;
      /** Server time the countdown (re)started. */
      readonly startedAt: number;
      /** Length of the countdown from `startedAt` (after a resume: what was left). */
      readonly durationMs: number;
    }
  | { readonly phase: "paused"; readonly round: number; readonly remainingMs: number }
  | { readonly phase: "ended"; readonly round: number };

export type RoundPhase = RoundState["phase"];

/** Named timing defaults. */
export const ROUND_TIMING = {
  /** Facilitators are warned this long before a round ends. */
  warnBeforeEndMs: 60_000,
} as const;

/** The state before the first round. */
export const NOT_STARTED: RoundState = { phase: "not-started" };

/**
 * Starts the next round (round 1 from `not-started`, round n + 1 after round n ended), or the
 * given `round`. A running or paused round must be ended first.
 */
export function startRound(
  state: RoundState,
  options: { readonly durationMs: number; readonly now: number; readonly round?: number },
): RoundState {
  checkDuration(options.durationMs);
  if (state.phase === "running" || state.phase === "paused") {
    throw transition(state, "start", "end the current round first");
  }
  const round = options.round ?? (state.phase === "ended" ? state.round + 1 : 1);
  if (!Number.isInteger(round) || round < 1) {
    throw new CafeError(CafeErrorCode.InvalidTransition, `Round ${round} is not a round number`);
  }
  return { phase: "running", round, startedAt: options.now, durationMs: options.durationMs };
}

/** Freezes the countdown of a running round. */
export function pauseRound(state: RoundState, now: number): RoundState {
  if (state.phase !== "running") throw transition(state, "pause", "only a running round pauses");
  return { phase: "paused", round: state.round, remainingMs: remainingMs(state, now) ?? 0 };
}

/** Continues a paused round with the time it had left. */
export function resumeRound(state: RoundState, now: number): RoundState {
  if (state.phase !== "paused") throw transition(state, "resume", "only a paused round resumes");
  return { phase: "running", round: state.round, startedAt: now, durationMs: state.remainingMs };
}

/**
 * Adds `byMs` to a running or paused round (negative shortens it, never below zero left). A
 * running round that already ran out can be extended: the extension counts from its end.
 */
export function extendRound(state: RoundState, byMs: number, now: number): RoundState {
  if (!Number.isFinite(byMs)) {
    throw new CafeError(CafeErrorCode.InvalidDuration, `Cannot extend by ${byMs} ms`);
  }
  switch (state.phase) {
    case "running": {
      const left = Math.max(0, (remainingMs(state, now) ?? 0) + byMs);
      return { phase: "running", round: state.round, startedAt: now, durationMs: left };
    }
    case "paused":
      return { ...state, remainingMs: Math.max(0, state.remainingMs + byMs) };
    case "not-started":
    case "ended":
      throw transition(state, "extend", "only a running or paused round can be extended");
  }
}

/** Ends a running or paused round (early, or when its time is up). */
export function endRound(state: RoundState): RoundState {
  if (state.phase !== "running" && state.phase !== "paused") {
    throw transition(state, "end", "no round is in progress");
  }
  return { phase: "ended", round: state.round };
}

/**
 * Milliseconds left at server time `serverNow`: counting down while running, frozen while paused,
 * 0 once ended, `null` before the first round.
 */
export function remainingMs(state: RoundState, serverNow: number): number | null {
  switch (state.phase) {
    case "not-started":
      return null;
    case "running":
      return Math.max(0, state.startedAt + state.durationMs - serverNow);
    case "paused":
      return state.remainingMs;
    case "ended":
      return 0;
  }
}

/**
 * True while a running round is within `warnBeforeEndMs` (default one minute) of its end and not
 * yet over: the moment to tell tables to wrap up.
 */
export function isInWarningWindow(
  state: RoundState,
  serverNow: number,
  warnBeforeEndMs: number = ROUND_TIMING.warnBeforeEndMs,
): boolean {
  if (state.phase !== "running") return false;
  const left = remainingMs(state, serverNow) ?? 0;
  return left > 0 && left <= warnBeforeEndMs;
}

/**
 * Milliseconds from `serverNow` until the warning should show (0 if it should show now), or
 * `null` when no warning is due (not running, or already over). A client sets one timer with it
 * instead of polling.
 */
export function msUntilWarning(
  state: RoundState,
  serverNow: number,
  warnBeforeEndMs: number = ROUND_TIMING.warnBeforeEndMs,
): number | null {
  if (state.phase !== "running") return null;
  const left = remainingMs(state, serverNow) ?? 0;
  if (left <= 0) return null;
  return Math.max(0, left - warnBeforeEndMs);
}

function checkDuration(durationMs: number): void {
  if (!Number.isFinite(durationMs) || durationMs < 0) {
    throw new CafeError(CafeErrorCode.InvalidDuration, `A round cannot last ${durationMs} ms`);
  }
}

function transition(state: RoundState, action: string, why: string): CafeError {
  return new CafeError(
    CafeErrorCode.InvalidTransition,
    `Cannot ${action} the round while it is ${state.phase}: ${why}`,
  );
}

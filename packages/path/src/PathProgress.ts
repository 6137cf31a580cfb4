import { PathError } from "./PathError";
import { PATH_STEP_IDS, type PathStepId } from "./pathSteps";

/** Whether participants add notes in the current step, or only watch (the group talks first). */
export type PathPhase = "add" | "watch";

/** One moment the current step changed, for the replay of the session by step. */
export interface PathStepChange {
  step: PathStepId;
  /** Server time, epoch ms. */
  at: number;
}

/**
 * Where the group is in the eight steps. The process facilitator moves it forward one step at a
 * time and may go back to any step already reached (a step can be revisited); time spent is
 * kept per step, however often it was visited.
 */
export interface PathProgress {
  /** The step everyone is on; null before the process facilitator starts. */
  current: PathStepId | null;
  phase: PathPhase;
  /** When the current stretch of `current` began (server time); null before the start. */
  since: number | null;
  /** How far the group got: the last step reached going forward; null before the start. */
  furthest: PathStepId | null;
  /** Milliseconds spent in each step, not counting the running stretch of `current`. */
  spentMs: Partial<Record<PathStepId, number>>;
  /** Every step change in order. */
  timeline: PathStepChange[];
}

export const NOT_STARTED: PathProgress = {
  current: null,
  phase: "watch",
  since: null,
  furthest: null,
  spentMs: {},
  timeline: [],
};

function indexOf(step: PathStepId | null): number {
  return step === null ? -1 : PATH_STEP_IDS.indexOf(step);
}

/** The steps the process facilitator may go to now: every step reached, and the next one. */
export function reachableSteps(progress: PathProgress): PathStepId[] {
  return PATH_STEP_IDS.slice(0, Math.min(indexOf(progress.furthest) + 2, PATH_STEP_IDS.length));
}

/**
 * Moves the group to `step` at server time `now`: forward only to the step after the furthest
 * reached (so no step is skipped), back to any step already reached. Going to the current step
 * changes nothing. Throws `PathError("out_of_order")`.
 */
export function goToStep(progress: PathProgress, step: PathStepId, now: number): PathProgress {
  if (step === progress.current) return progress;
  const target = indexOf(step);
  if (target > indexOf(progress.furthest) + 1) {
    const next = PATH_STEP_IDS[indexOf(progress.furthest) + 1];
    throw new PathError(
      "out_of_order",
      `PATH goes one step at a time: the next step is ${next}, not ${step}.`,
    );
  }
  const spentMs = closeStretch(progress, now);
  return {
    current: step,
    // The phase carries over: the process facilitator says when notes are open.
    phase: progress.phase,
    since: now,
    furthest: target > indexOf(progress.furthest) ? step : progress.furthest,
    spentMs,
    timeline: [...progress.timeline, { step, at: now }],
  };
}

/** Sets whether participants may add notes now. */
export function setPhase(progress: PathProgress, phase: PathPhase): PathProgress {
  return phase === progress.phase ? progress : { ...progress, phase };
}

function closeStretch(progress: PathProgress, now: number): PathProgress["spentMs"] {
  const { current, since } = progress;
  if (current === null || since === null) return progress.spentMs;
  const spent = (progress.spentMs[current] ?? 0) + Math.max(0, now - since);
  return { ...progress.spentMs, [current]: spent };
}

/** Milliseconds spent in every step so far, the running stretch of the current step included. */
export function timeSpent(progress: PathProgress, now: number): Record<PathStepId, number> {
  const spent = closeStretch(progress, now);
  const out = {} as Record<PathStepId, number>;
  for (const id of PATH_STEP_IDS) out[id] = spent[id] ?? 0;
  return out;
}

/** The step that was current at `at` (for replay by step), or null before the start. */
export function stepAt(progress: PathProgress, at: number): PathStepId | null {
  let step: PathStepId | null = null;
  for (const change of progress.timeline) {
    if (change.at > at) break;
    step = change.step;
  }
  return step;
}

import type { PathStepChange } from "./PathProgress";
import { type PathStepId, pathStep } from "./pathSteps";

/**
 * One stretch of a PATH session in one step, for the replay by step: from the moment the group
 * entered the step to the moment it entered the next (another step, or a revisit of an earlier
 * one). A step visited twice has two stretches.
 */
export interface PathStepSpan {
  /** 1-based place of this stretch in the session (the n-th step change). */
  visit: number;
  step: PathStepId;
  /** The step's number, 1–8. */
  number: number;
  /** Whether the group had been in this step before (a revisit). */
  revisit: boolean;
  /** Server time the group entered the step, epoch ms. */
  startedAt: number;
  /** Server time the group entered the next step; null while it is still the current one. */
  endedAt: number | null;
}

/** The session's stretches in order, from the plan's timeline of step changes. */
export function pathStepSpans(timeline: readonly PathStepChange[]): PathStepSpan[] {
  const seen = new Set<PathStepId>();
  return timeline.map((change, i) => {
    const next = timeline[i + 1];
    const span: PathStepSpan = {
      visit: i + 1,
      step: change.step,
      number: pathStep(change.step).number,
      revisit: seen.has(change.step),
      startedAt: change.at,
      endedAt: next === undefined ? null : Math.max(change.at, next.at),
    };
    seen.add(change.step);
    return span;
  });
}

/**
 * The stretch a change made at `at` belongs to, `[startedAt, endedAt)` like café rounds, or null
 * before the first step.
 */
export function stepSpanAt(spans: readonly PathStepSpan[], at: number): PathStepSpan | null {
  let found: PathStepSpan | null = null;
  for (const span of spans) {
    if (span.startedAt > at) break;
    if (span.endedAt === null || at < span.endedAt) found = span;
  }
  return found;
}

/**
 * The moments a stretch covers, both ends included: from its start to the last millisecond
 * before the next step began (so the board shown at `end` holds exactly what was made up to the
 * step change), or to `latest` (the last change) while it runs.
 */
export function stepSpanBounds(span: PathStepSpan, latest: number): { start: number; end: number } {
  const end = span.endedAt === null ? Math.max(span.startedAt, latest) : span.endedAt - 1;
  return { start: span.startedAt, end: Math.max(span.startedAt, end) };
}

/**
 * The step boundaries a replay jumps between: the moment before the first step began, then the
 * end of each stretch (`stepSpanBounds`), in order and without repeats. `latest` is the last
 * change of the board.
 */
export function stepBoundaries(spans: readonly PathStepSpan[], latest: number): number[] {
  const first = spans[0];
  if (first === undefined) return [];
  const out = [first.startedAt - 1];
  for (const span of spans) {
    // A stretch shorter than a millisecond (two clicks at once) ends where the one before did.
    const end = span.endedAt === null ? Math.max(span.startedAt, latest) : span.endedAt - 1;
    if (end > (out[out.length - 1] ?? Number.NEGATIVE_INFINITY)) out.push(end);
  }
  return out;
}

/** The first boundary after `t` (`+1`) or the last before it (`-1`); null when there is none. */
export function nextStepBoundary(
  spans: readonly PathStepSpan[],
  latest: number,
  t: number,
  direction: 1 | -1,
): number | null {
  const boundaries = stepBoundaries(spans, latest);
  if (direction === 1) return boundaries.find((b) => b > t) ?? null;
  for (let i = boundaries.length - 1; i >= 0; i--) {
    const b = boundaries[i] as number;
    if (b < t) return b;
  }
  return null;
}

import { isPathStepId, type PathStepSpan, stepSpanAt, stepSpanBounds } from "@tablecloth/path";
import type {
  BoardFrame,
  BoardHistoryEntry,
  PathStepSpanBody,
  RoundSpan,
} from "@tablecloth/protocol";

/** A record as the board doc holds it: plain tldraw JSON with its id. */
export type ReplayRecord = Record<string, unknown> & { id: string };

/** A frame with who made it and in which round, from the history's entries. */
export interface ReplayStep {
  index: number;
  at: number;
  seq: number;
  /** Everyone with an entry in this moment (the last one first). */
  authors: string[];
  round: number;
  /** The PATH stretch (`PathStepSpan.visit`) the moment was made in; 0 before the first or without. */
  visit: number;
  frame: BoardFrame;
}

/** A PATH board's steps as the history answer gives them, typed (unknown step ids dropped). */
export function pathSpansOf(steps: readonly PathStepSpanBody[]): PathStepSpan[] {
  return steps.flatMap((s) => (isPathStepId(s.step) ? [{ ...s, step: s.step }] : []));
}

/** Joins frames with the history's entries: a frame holds the entries after the one before it. */
export function replaySteps(
  frames: readonly BoardFrame[],
  entries: readonly BoardHistoryEntry[],
  pathSteps: readonly PathStepSpan[] = [],
): ReplayStep[] {
  const steps: ReplayStep[] = [];
  let e = 0;
  for (const [index, frame] of frames.entries()) {
    const authors: string[] = [];
    let round = 0;
    while (e < entries.length && (entries[e]?.seq ?? 0) <= frame.seq) {
      const entry = entries[e] as BoardHistoryEntry;
      const seen = authors.indexOf(entry.author);
      if (seen >= 0) authors.splice(seen, 1);
      authors.unshift(entry.author);
      round = entry.round;
      e++;
    }
    const visit = stepSpanAt(pathSteps, frame.at)?.visit ?? 0;
    steps.push({ index, at: frame.at, seq: frame.seq, authors, round, visit, frame });
  }
  return steps;
}

/** The index of the last step at or before `t` (-1: before the first change). */
export function stepAt(steps: readonly ReplayStep[], t: number): number {
  let lo = 0;
  let hi = steps.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((steps[mid]?.at ?? 0) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * What narrows the steps the timeline walks: a round (0: all), an author (null: anyone) and, on
 * a PATH board, one stretch of the session by step (`visit`; 0 or absent: all).
 */
export interface ReplayFilter {
  round: number;
  author: string | null;
  visit?: number;
}

export function matchesFilter(step: ReplayStep, filter: ReplayFilter): boolean {
  if (filter.round !== 0 && step.round !== filter.round) return false;
  if (filter.visit && step.visit !== filter.visit) return false;
  if (filter.author !== null && !step.authors.includes(filter.author)) return false;
  return true;
}

/** The time span the timeline shows: the whole history, or one round of it. */
export function timelineSpan(
  steps: readonly ReplayStep[],
  rounds: readonly RoundSpan[],
  round: number,
  now: number,
): { start: number; end: number } {
  const first = steps[0]?.at ?? now;
  const last = steps[steps.length - 1]?.at ?? now;
  const span = rounds.find((r) => r.round === round);
  if (span) return { start: span.startedAt, end: Math.max(span.startedAt, span.endedAt ?? last) };
  // One millisecond before the first change: the empty board is a moment too.
  return { start: first - 1, end: Math.max(first, last) };
}

/** `timelineSpan`, or on a PATH board with a step chosen, that stretch (`stepSpanBounds`). */
export function replaySpan(
  steps: readonly ReplayStep[],
  rounds: readonly RoundSpan[],
  pathSteps: readonly PathStepSpan[],
  filter: ReplayFilter,
  now: number,
): { start: number; end: number } {
  const stretch = filter.visit ? pathSteps.find((s) => s.visit === filter.visit) : undefined;
  if (stretch) return stepSpanBounds(stretch, steps[steps.length - 1]?.at ?? now);
  return timelineSpan(steps, rounds, filter.round, now);
}

/** The next (`+1`) or previous (`-1`) step that matches the filter, from step `from`. */
export function nextStep(
  steps: readonly ReplayStep[],
  from: number,
  direction: 1 | -1,
  filter: ReplayFilter,
): ReplayStep | null {
  for (let i = from + direction; i >= 0 && i < steps.length; i += direction) {
    const step = steps[i] as ReplayStep;
    if (matchesFilter(step, filter)) return step;
  }
  return null;
}

/**
 * The board at any step, moved there by applying frames forward or undoing them backward (each
 * undo is the records a frame replaced, kept on the first pass), so a seek costs the records
 * between the two steps, never a rebuild from the start.
 */
export class ReplayCursor {
  private readonly records = new Map<string, ReplayRecord>();
  /** For each step, what its frame overwrote: id → the record before (undefined: none). */
  private readonly undo: Array<Map<string, ReplayRecord | undefined>>;
  private position = -1;

  constructor(private readonly steps: readonly ReplayStep[]) {
    this.undo = new Array(steps.length);
    for (let i = 0; i < steps.length; i++) this.forward(i);
    this.position = steps.length - 1;
  }

  get index(): number {
    return this.position;
  }

  /** The records shown at the current step. */
  current(): ReadonlyMap<string, ReplayRecord> {
    return this.records;
  }

  /** Moves to step `target` (-1: the empty board); answers what to put and remove to show it. */
  seek(target: number): { put: ReplayRecord[]; removed: string[] } {
    const to = Math.max(-1, Math.min(this.steps.length - 1, target));
    const touched = new Set<string>();
    while (this.position < to) {
      this.position++;
      for (const id of this.forward(this.position)) touched.add(id);
    }
    while (this.position > to) {
      for (const [id, before] of this.undo[this.position] ?? []) {
        if (before) this.records.set(id, before);
        else this.records.delete(id);
        touched.add(id);
      }
      this.position--;
    }
    const put: ReplayRecord[] = [];
    const removed: string[] = [];
    for (const id of touched) {
      const record = this.records.get(id);
      if (record) put.push(record);
      else removed.push(id);
    }
    return { put, removed };
  }

  private forward(i: number): string[] {
    const frame = (this.steps[i] as ReplayStep).frame;
    const undo = this.undo[i] ?? new Map<string, ReplayRecord | undefined>();
    const first = this.undo[i] === undefined;
    const ids: string[] = [];
    for (const raw of frame.put) {
      const record = { ...raw, id: String(raw.id) } as ReplayRecord;
      if (first) undo.set(record.id, this.records.get(record.id));
      this.records.set(record.id, record);
      ids.push(record.id);
    }
    for (const id of frame.removed) {
      if (first) undo.set(id, this.records.get(id));
      this.records.delete(id);
      ids.push(id);
    }
    this.undo[i] = undo;
    return ids;
  }
}

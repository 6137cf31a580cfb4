import type * as Y from "yjs";
import type { RoundState } from "./RoundState";

/**
 * The café's round timeline, beside the café maps of `@tablecloth/cafe` in the control doc:
 * `cafe.timeline`: round number (as a string) → `{round, startedAt, endedAt}` in server epoch ms
 * (`endedAt` null while the round is open). Every update in every board's history carries the
 * server time it was stored at, so this is what tells replay and harvest which round a change
 * was made in: the round whose `[startedAt, endedAt)` holds its time.
 */
export const TIMELINE_MAP = "cafe.timeline";

export interface TimelineEntry {
  round: number;
  startedAt: number;
  endedAt: number | null;
}

function entryOf(value: unknown): TimelineEntry | null {
  if (typeof value !== "object" || value === null) return null;
  const { round, startedAt, endedAt } = value as Record<string, unknown>;
  if (typeof round !== "number" || typeof startedAt !== "number") return null;
  return { round, startedAt, endedAt: typeof endedAt === "number" ? endedAt : null };
}

/** Keeps the timeline in step with a round transition made at server time `now`. */
export function recordRoundTransition(
  doc: Y.Doc,
  before: RoundState,
  after: RoundState,
  now: number,
): void {
  const map = doc.getMap<unknown>(TIMELINE_MAP);
  if (after.phase === "running" && before.phase !== "running" && before.phase !== "paused") {
    map.set(String(after.round), { round: after.round, startedAt: now, endedAt: null });
    return;
  }
  if (after.phase === "ended" && before.phase !== "ended" && before.phase !== "not-started") {
    const key = String(after.round);
    const open = entryOf(map.get(key));
    map.set(key, { round: after.round, startedAt: open?.startedAt ?? now, endedAt: now });
  }
}

/** The timeline, oldest round first (malformed entries skipped). */
export function readTimeline(doc: Y.Doc): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  doc.getMap<unknown>(TIMELINE_MAP).forEach((value) => {
    const entry = entryOf(value);
    if (entry) entries.push(entry);
  });
  return entries.sort((a, b) => a.round - b.round);
}

/** The round a change stored at server time `at` was made in; 0 for between or before rounds. */
export function roundAt(timeline: readonly TimelineEntry[], at: number): number {
  for (const entry of timeline) {
    if (at >= entry.startedAt && (entry.endedAt === null || at < entry.endedAt)) return entry.round;
  }
  return 0;
}

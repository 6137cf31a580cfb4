import type { BoardFrame } from "@tablecloth/protocol";
import type { HistoryEntry } from "@tablecloth/storage";
import { jsonEqual, type PlainRecord } from "@tablecloth/tldraw-yjs/server";
import type { BoardRecords } from "./boardRecords";

/**
 * Most frames one replay answer holds. Each frame costs the server one seek, so a longer history
 * is sampled evenly (its last moment always kept): the view then steps by groups of changes.
 */
export const REPLAY_MAX_FRAMES = 2_000;

/**
 * What a replay shows of a board: its drawing. Not the `user` records tldraw keeps in the doc
 * (everyone's name, even in anonymous mode) nor anyone's presence.
 */
export const REPLAY_RECORD_TYPES: ReadonlySet<string> = new Set([
  "document",
  "page",
  "shape",
  "binding",
  "asset",
]);

/** A moment of a doc's history: the last entry of a run of entries sharing one time. */
export interface Moment {
  seq: number;
  at: number;
}

/**
 * The moments a replay shows: one per distinct time (`DocStore.stateAt` takes entries sharing a
 * time in or out together), at most `max` of them, evenly spread, the last always included.
 */
export function replayMoments(
  log: readonly HistoryEntry[],
  max = REPLAY_MAX_FRAMES,
): { moments: Moment[]; everyChange: boolean } {
  const all: Moment[] = [];
  for (const entry of log) {
    const last = all[all.length - 1];
    if (last && last.at === entry.at) last.seq = entry.seq;
    else all.push({ seq: entry.seq, at: entry.at });
  }
  if (all.length <= max) return { moments: all, everyChange: true };
  const picked: Moment[] = [];
  for (let i = 1; i <= max; i++) {
    const moment = all[Math.ceil((i * all.length) / max) - 1];
    if (moment && picked[picked.length - 1] !== moment) picked.push(moment);
  }
  return { moments: picked, everyChange: false };
}

/** What changed from `before` to `after`: records new or different, and ids gone. */
export function diffRecords(
  before: BoardRecords,
  after: BoardRecords,
): { put: PlainRecord[]; removed: string[] } {
  const put: PlainRecord[] = [];
  const removed: string[] = [];
  for (const [id, record] of after) {
    const old = before.get(id);
    if (!old || !jsonEqual(old, record)) put.push(record);
  }
  for (const id of before.keys()) if (!after.has(id)) removed.push(id);
  return { put, removed };
}

/** Frames from the records at each moment, in order: each one the diff from the one before. */
export function framesOf(states: ReadonlyArray<Moment & { records: BoardRecords }>): BoardFrame[] {
  let before: BoardRecords = new Map();
  return states.map(({ seq, at, records }) => {
    const shown = new Map([...records].filter(([, r]) => REPLAY_RECORD_TYPES.has(r.typeName)));
    const frame = { seq, at, ...diffRecords(before, shown) };
    before = shown;
    return frame;
  });
}

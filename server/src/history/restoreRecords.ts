import {
  getRecordsMap,
  jsonEqual,
  recordToYMap,
  writeRecordDiff,
} from "@tablecloth/tldraw-yjs/server";
import * as Y from "yjs";
import { type BoardRecords, readBoardRecords } from "./boardRecords";

export interface RestoreCounts {
  /** Records written back to their past fields. */
  changed: number;
  /** Records that did not exist at the past moment, removed. */
  removed: number;
  /** Records that existed then and were gone, added back. */
  added: number;
  /** Records someone changed after the restore began, left as they are. */
  kept: number;
}

/** Ids of the records that differ between two sets (added, removed or changed in any field). */
export function changedRecordIds(before: BoardRecords, after: BoardRecords): Set<string> {
  const ids = new Set<string>();
  for (const [id, record] of after) {
    const old = before.get(id);
    if (old === undefined || !jsonEqual(old, record)) ids.add(id);
  }
  for (const id of before.keys()) if (!after.has(id)) ids.add(id);
  return ids;
}

/**
 * Turns a board doc's records into `past` as one forward change (call inside a transaction),
 * record by record and field by field, so the change is as small as what differs. Records in
 * `keep` (what people changed after the restore began) are left untouched: nothing drawn after
 * the restore began is lost. The result is an ordinary update: it is relayed, stored in the
 * history, and undone by restoring the moment before it.
 */
export function restoreRecords(
  doc: Y.Doc,
  past: BoardRecords,
  keep: ReadonlySet<string>,
): RestoreCounts {
  const map = getRecordsMap(doc);
  const current = readBoardRecords(doc);
  const counts: RestoreCounts = { changed: 0, removed: 0, added: 0, kept: 0 };
  const ids = new Set<string>([...current.keys(), ...past.keys()]);
  for (const id of ids) {
    const now = current.get(id);
    const then = past.get(id);
    if (now !== undefined && then !== undefined && jsonEqual(now, then)) continue;
    if (keep.has(id)) {
      counts.kept++;
      continue;
    }
    if (then === undefined) {
      map.delete(id);
      counts.removed++;
    } else if (now === undefined) {
      map.set(id, recordToYMap(then));
      counts.added++;
    } else {
      const live = map.get(id);
      if (live instanceof Y.Map) writeRecordDiff(live, now, then);
      else map.set(id, recordToYMap(then));
      counts.changed++;
    }
  }
  return counts;
}

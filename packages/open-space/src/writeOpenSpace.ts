import type * as Y from "yjs";
import { OPEN_SPACE_MAPS, OPEN_SPACE_META_KEYS } from "./openSpaceDocLayout";
import type { OpenSpaceState, Whereabouts } from "./openSpaceTypes";

/**
 * Writes `after` over `before` (the state `readOpenSpace` gave for this doc), in one transaction,
 * setting only the values that changed. The rules return new objects only for what they change,
 * so comparing by identity finds them without walking every value: a sign-up sends one person's
 * list, a move one person's whereabouts, a post one session.
 */
export function writeOpenSpace(doc: Y.Doc, before: OpenSpaceState, after: OpenSpaceState): void {
  doc.transact(() => {
    const meta = doc.getMap<unknown>(OPEN_SPACE_MAPS.meta);
    const setMeta = (key: string, b: unknown, a: unknown) => {
      if (a !== b || !meta.has(key)) meta.set(key, a);
    };
    setMeta(OPEN_SPACE_META_KEYS.phase, before.phase, after.phase);
    setMeta(OPEN_SPACE_META_KEYS.spaces, before.spaces, after.spaces);
    setMeta(OPEN_SPACE_META_KEYS.slots, before.slots, after.slots);
    setMeta(OPEN_SPACE_META_KEYS.queue, before.queue, after.queue);
    setMeta(OPEN_SPACE_META_KEYS.closingBoard, before.closingBoard, after.closingBoard);
    writeEntries(doc.getMap(OPEN_SPACE_MAPS.sessions), before.sessions, after.sessions);
    writeEntries(doc.getMap(OPEN_SPACE_MAPS.signUps), before.signUps, after.signUps);
    writeEntries(doc.getMap(OPEN_SPACE_MAPS.where), before.whereabouts, after.whereabouts);
    writeEntries(doc.getMap(OPEN_SPACE_MAPS.reports), before.reports, after.reports);
  });
}

function writeEntries<T>(
  map: Y.Map<unknown>,
  before: Readonly<Record<string, T>>,
  after: Readonly<Record<string, T>>,
): void {
  if (before === after) return;
  // `for…in` over own keys (the records are plain and prototype-free of extras), not
  // `Object.entries`: a move in a 2,000-person Open Space compares 2,000 whereabouts, and the
  // entries' 2,000 pair arrays were the largest cost of writing it.
  for (const key in before) if (!Object.hasOwn(after, key)) map.delete(key);
  for (const key in after) {
    const value = after[key] as T;
    if (before[key] !== value || !Object.hasOwn(before, key)) map.set(key, value);
  }
}

/**
 * Writes one person's whereabouts (`nextWhereabouts`), as `writeOpenSpace` would write the
 * state `goTo` makes of it: the one entry that changed.
 */
export function writeWhereabouts(
  doc: Y.Doc,
  participantId: string,
  whereabouts: Whereabouts,
): void {
  doc.getMap<unknown>(OPEN_SPACE_MAPS.where).set(participantId, whereabouts);
}

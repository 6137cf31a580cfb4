import * as Y from "yjs";
import { RECORDS_MAP_NAME } from "./config";
import { type DecodedUpdate, touchesRecords } from "./recordWriteGuard";

/**
 * The `meta` flag of a shape a facilitator locked: tldraw's own `isLocked` is set beside it (so
 * honest clients cannot select or change it), and the server refuses anyone else's update that
 * changes, unlocks or deletes the shape, or that sets this flag anywhere.
 */
export const FACILITATOR_LOCK_META_KEY = "facilitatorLock";

const FORBIDDEN = new Set([FACILITATOR_LOCK_META_KEY]);

/** Whether a plain record (a tldraw shape as JSON) carries a facilitator's lock. */
export function isFacilitatorLocked(record: { meta?: unknown }): boolean {
  const meta = record.meta;
  return (
    meta !== null &&
    typeof meta === "object" &&
    (meta as Record<string, unknown>)[FACILITATOR_LOCK_META_KEY] === true
  );
}

/** The map part every Yjs type has (its keyed items). */
type MapPart = { _map: Map<string, Y.Item> };

/** The live value of `key` in a Yjs type's map part, read from its items (typed or not). */
function entry(type: MapPart, key: string): Y.Item | null {
  const item = type._map.get(key);
  return item === undefined || item.deleted ? null : item;
}

/**
 * Whether the board doc's record `id` carries a facilitator's lock (its nested `meta` map). Read
 * from the items, since a server doc's root types may never have been asked for as `Y.Map`s.
 */
function lockedInDoc(records: MapPart, id: string): boolean {
  const record = entry(records, id);
  if (record === null || !(record.content instanceof Y.ContentType)) return false;
  const meta = entry(record.content.type, "meta");
  if (meta === null || !(meta.content instanceof Y.ContentType)) return false;
  const flag = entry(meta.content.type, FACILITATOR_LOCK_META_KEY);
  if (flag === null) return false;
  const values = flag.content.getContent();
  return values[values.length - 1] === true;
}

/**
 * Whether a client's update would change what a facilitator locked on a board: write any field
 * of a locked shape (move, resize, restyle, unlock it), delete or replace it, or lock or unlock
 * anything itself (write the flag). Pure: reads `doc`, never writes it. The server drops such an
 * update from anyone but a facilitator before it reaches the doc, the log or the peers.
 */
export function touchesFacilitatorLocks(doc: Y.Doc, update: DecodedUpdate): boolean {
  const records = doc.share.get(RECORDS_MAP_NAME);
  const isLocked = records === undefined ? () => false : (id: string) => lockedInDoc(records, id);
  return touchesRecords(doc, update, isLocked, { forbiddenKeys: FORBIDDEN });
}

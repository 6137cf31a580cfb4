import type * as Y from "yjs";
import { CafeError, CafeErrorCode } from "./CafeError";
import { CAFE_MAPS } from "./cafeDocLayout";

/**
 * The display names of the people in the café, kept in the control doc's `cafe.names` beside
 * their seats (see `cafeDocLayout.ts`): every page already follows that doc, so a newcomer's
 * name reaches everyone in the same update as their seat, with no request of the participant list.
 */

/** The longest name kept (the API's own limit for a participant's name is lower). */
const MAX_NAME_LENGTH = 200;

/**
 * Records `name` as the display name of `participantId`; writes nothing when it is unchanged, so
 * saying "I'm here" again costs nobody an update.
 *
 * @throws CafeError `invalid-value` for an empty id or a name that is empty or too long.
 */
export function writeName(doc: Y.Doc, participantId: string, name: string): void {
  if (participantId.length === 0) {
    throw new CafeError(CafeErrorCode.InvalidValue, "a participant id cannot be empty");
  }
  if (typeof name !== "string" || name.length === 0 || name.length > MAX_NAME_LENGTH) {
    throw new CafeError(CafeErrorCode.InvalidValue, `the name of "${participantId}" is invalid`, {
      participantId,
    });
  }
  const map = doc.getMap<unknown>(CAFE_MAPS.names);
  if (map.get(participantId) !== name) map.set(participantId, name);
}

/** Everyone's display name by participant id (values that are not names are skipped). */
export function readCafeNames(doc: Y.Doc): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  doc.getMap<unknown>(CAFE_MAPS.names).forEach((value, participantId) => {
    if (typeof value === "string" && value.length > 0) names.set(participantId, value);
  });
  return names;
}

/**
 * Renames everyone in `cafe.names` to `nameOf(their id)` (an empty answer leaves the entry),
 * writing only the entries that change: how anonymous mode takes names out of the control doc
 * when it turns on and puts them back when it turns off.
 */
export function relabelCafeNames(doc: Y.Doc, nameOf: (participantId: string) => string): void {
  const map = doc.getMap<unknown>(CAFE_MAPS.names);
  const changes: [string, string][] = [];
  map.forEach((value, participantId) => {
    const name = nameOf(participantId);
    if (name.length > 0 && name.length <= MAX_NAME_LENGTH && value !== name) {
      changes.push([participantId, name]);
    }
  });
  if (changes.length === 0) return;
  doc.transact(() => {
    for (const [participantId, name] of changes) map.set(participantId, name);
  });
}

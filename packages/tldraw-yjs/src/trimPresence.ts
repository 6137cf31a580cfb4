import type { TLInstancePresence } from "@tldraw/editor";
import { SELECTED_COUNT_META_KEY } from "./config";

const encoder = new TextEncoder();

/** Bytes of `value` as the awareness protocol sends it (UTF-8 JSON). */
export function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).byteLength;
}

type Scribbles = TLInstancePresence["scribbles"];

/** Keeps the newest `keep` points of each scribble (at least one) and the newest `count` scribbles. */
function trimScribbles(scribbles: Scribbles, count: number, keep: number): Scribbles {
  return scribbles.slice(Math.max(0, scribbles.length - count)).map((s) => ({
    ...s,
    points: s.points.slice(Math.max(0, s.points.length - Math.max(1, keep))),
  }));
}

/** The first `count` code points of `text` (never half of a surrogate pair). */
function firstChars(text: string, count: number): string {
  return [...text].slice(0, count).join("");
}

/**
 * `presence` made to fit in `maxBytes` of JSON: unchanged when it already fits; otherwise the
 * selection list is shortened (its full length goes to `meta.selectedShapeCount`, so peers can
 * still say "1,000 shapes"), scribbles keep their newest points, then the chat message and finally
 * the user's name are shortened. Halving each step keeps this to a few dozen stringifications even
 * for a selection of 100,000 shapes. The result is always a valid `instance_presence`.
 */
export function trimPresence(presence: TLInstancePresence, maxBytes: number): TLInstancePresence {
  if (jsonBytes(presence) <= maxBytes) return presence;
  const selectedCount = presence.selectedShapeIds.length;
  const maxPoints = Math.max(0, ...presence.scribbles.map((s) => s.points.length));
  let ids = selectedCount;
  let scribbleCount = presence.scribbles.length;
  let points = maxPoints;
  let chat = [...presence.chatMessage].length;
  let name = [...presence.userName].length;
  const build = (): TLInstancePresence => ({
    ...presence,
    selectedShapeIds: presence.selectedShapeIds.slice(0, ids),
    scribbles: trimScribbles(presence.scribbles, scribbleCount, points),
    chatMessage: firstChars(presence.chatMessage, chat),
    userName: firstChars(presence.userName, name),
    meta:
      ids < selectedCount
        ? { ...presence.meta, [SELECTED_COUNT_META_KEY]: selectedCount }
        : presence.meta,
  });
  let candidate = build();
  // Shrink the biggest contributors first, one halving at a time, until it fits.
  while (jsonBytes(candidate) > maxBytes) {
    if (ids > 0 && ids >= points) ids = Math.floor(ids / 2);
    else if (points > 1) points = Math.floor(points / 2);
    else if (scribbleCount > 0) scribbleCount = Math.floor(scribbleCount / 2);
    else if (ids > 0) ids = Math.floor(ids / 2);
    else if (chat > 0) chat = Math.floor(chat / 2);
    else if (name > 0) name = Math.floor(name / 2);
    else break;
    candidate = build();
  }
  return candidate;
}

/**
 * The lease key a doc or a request belongs to: every doc of an event is named
 * `<eventId>.<something>` (control doc, boards, café rounds), so all of an event's docs, and the
 * routes that write them, have one owner. A name without a dot (an open instance's free-form
 * docs) is its own key.
 */
export function eventKeyOfDoc(docName: string): string {
  const dot = docName.indexOf(".");
  return dot <= 0 ? docName : docName.slice(0, dot);
}

const EVENT_PATH = /^\/api\/events\/([^/?#]+)/;
const DOC_PATH = /^\/api\/docs\/([^/?#]+)/;

/**
 * The event an HTTP request is about, from its path (`/api/events/:eventId/…`,
 * `/api/docs/:docName/…`); null for requests any instance may answer (creating an event,
 * joining, static files, health, metrics, uploads).
 */
export function eventKeyOfPath(path: string): string | null {
  const event = EVENT_PATH.exec(path);
  if (event?.[1] !== undefined) return safeDecode(event[1]);
  const doc = DOC_PATH.exec(path);
  if (doc?.[1] !== undefined) {
    const name = safeDecode(doc[1]);
    return name === null ? null : eventKeyOfDoc(name);
  }
  return null;
}

function safeDecode(segment: string): string | null {
  try {
    const decoded = decodeURIComponent(segment);
    return decoded.length === 0 ? null : decoded;
  } catch {
    return null;
  }
}

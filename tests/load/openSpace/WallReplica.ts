import { OPEN_SPACE_MAPS } from "@tablecloth/open-space";
import * as Y from "yjs";

interface Frame {
  bytes: Uint8Array;
  /** Sessions on the wall once this frame (and every one before it) is applied. */
  sessionsAfter: number;
}

/**
 * The Open Space control doc as every simulated page sees it, decoded once for all of them (as
 * `../cafe/ControlReplica.ts` does for the café): every page has its own socket and receives every
 * frame itself, but the server sends all of them the same bytes in the same order, so each
 * distinct frame is applied to one shared Y.Doc the first time it is seen (compared in full, not
 * hashed). What a page shows after a frame is what the shared doc showed right after that frame,
 * so a page's "full wall" moment is exact, not the shared doc's newest state.
 */
export class WallReplica {
  readonly doc = new Y.Doc();
  private readonly frames = new Map<number, Frame[]>();

  /** Applies `update` unless seen before; answers how many sessions a page shows after it. */
  receive(update: Uint8Array): number {
    const same = this.frames.get(update.byteLength);
    const known = same?.find((f) => Buffer.compare(f.bytes, update) === 0);
    if (known) return known.sessionsAfter;
    const bytes = Uint8Array.from(update);
    Y.applyUpdate(this.doc, bytes);
    const frame = { bytes, sessionsAfter: this.sessions.size };
    if (same) same.push(frame);
    else this.frames.set(update.byteLength, [frame]);
    return frame.sessionsAfter;
  }

  /** Session id → session as the control doc holds it. */
  get sessions(): Y.Map<{ id: string; spaceId: string; slotId: string; docName: string | null }> {
    return this.doc.getMap(OPEN_SPACE_MAPS.sessions);
  }

  /** Where the doc says `participantId` is (the session id), or null / undefined. */
  whereIs(participantId: string): string | null | undefined {
    const where = this.doc.getMap<{ sessionId: string | null }>(OPEN_SPACE_MAPS.where);
    return where.get(participantId)?.sessionId;
  }
}

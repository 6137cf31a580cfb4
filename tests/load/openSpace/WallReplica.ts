import { OPEN_SPACE_MAPS } from "@tablecloth/open-space";
import * as Y from "yjs";

interface Frame {
  bytes: Uint8Array;
  /** Where the frame is in `WallReplica.sequence` (the order frames were first seen in). */
  index: number;
  /** Sessions on the wall once this frame (and every one before it) is applied. */
  sessionsAfter: number;
}

/** One page's view of the shared replica: what it last received, to expect the next frame. */
export interface WallPage {
  /** Takes a frame this page received; answers how many sessions the page shows after it. */
  receive(update: Uint8Array): number;
}

/**
 * The Open Space control doc as every simulated page sees it, decoded once for all of them (as
 * `../cafe/ControlReplica.ts` does for the café): every page has its own socket and receives every
 * frame itself, but the server sends all of them the same bytes in the same order, so each
 * distinct frame is applied to one shared Y.Doc the first time it is seen (compared in full, not
 * hashed). What a page shows after a frame is what the shared doc showed right after that frame,
 * so a page's "full wall" moment is exact, not the shared doc's newest state.
 *
 * Finding a frame among those seen before is the generator's own work, which a browser does not
 * do, so it is kept O(1): each page (`page()`) remembers where it is in the order frames were
 * first seen and compares the frame it receives with the next one there first (in full); only a
 * page off that order (one that connected later, whose first frame is its own sync step 2) looks
 * the frame up among all of the same length. Before, every delivery searched all frames of its
 * length: 2,000 pages × 2,000 whereabouts frames of nearly one length was seconds of `compare`.
 */
export class WallReplica {
  readonly doc = new Y.Doc();
  private readonly byLength = new Map<number, Frame[]>();
  private readonly sequence: Frame[] = [];

  /** A page following this replica; `receive` of each page is to be called with its frames. */
  page(): WallPage {
    let next = 0;
    return {
      receive: (update) => {
        const expected = this.sequence[next];
        const frame =
          expected !== undefined && sameBytes(expected.bytes, update)
            ? expected
            : this.frameOf(update);
        next = frame.index + 1;
        return frame.sessionsAfter;
      },
    };
  }

  /** The frame with these bytes, applied to the shared doc the first time it is seen. */
  private frameOf(update: Uint8Array): Frame {
    const same = this.byLength.get(update.byteLength);
    const known = same?.find((f) => sameBytes(f.bytes, update));
    if (known) return known;
    const bytes = Uint8Array.from(update);
    Y.applyUpdate(this.doc, bytes);
    const frame = { bytes, index: this.sequence.length, sessionsAfter: this.sessions.size };
    this.sequence.push(frame);
    if (same) same.push(frame);
    else this.byLength.set(update.byteLength, [frame]);
    return frame;
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

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;
}

import { readCafe } from "@tablecloth/cafe";
import * as Y from "yjs";

/**
 * The control doc as every simulated participant sees it, decoded once for all of them.
 *
 * Each participant has its own socket on the control doc and receives every frame itself (the
 * server's broadcast is measured in full), but all of them receive the same bytes in the same
 * order, so decoding a frame 2,000 times would only measure the load generator. A frame is
 * applied to one shared Y.Doc the first time its bytes are seen (compared in full, not hashed),
 * and the seating it produces is computed once per version; each participant then looks up its
 * own seat. This keeps the generator's core free for the sockets.
 */
export class ControlReplica {
  readonly doc = new Y.Doc();
  /** Bumped whenever an applied frame changed the doc. */
  version = 0;
  /** Frames applied so far, by length, to recognise repeats cheaply. */
  private readonly seen = new Map<number, Uint8Array[]>();
  private seatsVersion = -1;
  private seats = new Map<string, string | null>();
  private roundNumber = 0;

  /** Applies `update` unless the very same bytes were applied before. */
  receive(update: Uint8Array): void {
    const same = this.seen.get(update.byteLength);
    if (same?.some((bytes) => Buffer.compare(bytes, update) === 0)) return;
    const copy = Uint8Array.from(update);
    if (same) same.push(copy);
    else this.seen.set(update.byteLength, [copy]);
    Y.applyUpdate(this.doc, copy);
    this.version++;
  }

  /** Where `participantId` sits now (null: nowhere, undefined: not in the café). */
  seatOf(participantId: string): string | null | undefined {
    this.refresh();
    return this.seats.get(participantId);
  }

  /** The running (or last) round number. */
  get round(): number {
    this.refresh();
    return this.roundNumber;
  }

  private refresh(): void {
    if (this.seatsVersion === this.version) return;
    const state = readCafe(this.doc);
    this.seats = new Map(Object.entries(state.seating).map(([id, seat]) => [id, seat.tableId]));
    this.roundNumber = state.round.phase === "not-started" ? 0 : state.round.round;
    this.seatsVersion = this.version;
  }
}

import { CloseCode } from "@tablecloth/protocol";
import type { LogEntryInput } from "@tablecloth/storage";
import * as Y from "yjs";
import {
  type AcceptedState,
  countDeletes,
  stateVectorOf,
  transactionChanged,
} from "./AcceptedState";
import { Connection, type ConnectionRoom } from "./Connection";
import { encodeSyncUpdate } from "./encodeMessage";
import type { PendingStructs } from "./PendingStructs";
import { type RoomHost, ServerWrite, SYSTEM_AUTHOR } from "./RoomHost";
import { SyncError } from "./SyncError";
import { type DecodedUpdate, validateUpdate } from "./validateUpdate";
import { enforceWriteGuard } from "./WriteGuard";

interface Outgoing {
  update: Uint8Array;
  origin: Connection | null;
}

/** An update frame received inside a transport batch, not applied yet. */
interface Held {
  conn: Connection;
  update: Uint8Array;
}

/** Transaction origin of a batch of held client updates (each recorded by `applyInBatch`). */
const BATCH_ORIGIN = Symbol("tablecloth.batch");

/** A client update being applied; `before` is set when its transaction changed the doc. */
interface Applying {
  conn: Connection;
  before: Map<number, number> | null;
}

/**
 * A room's document updates: checks and applies client updates (one at a time, or the frames
 * held during a transport batch in one transaction), runs server writes, records every accepted
 * change in the log with its author, and relays it to every peer but its sender.
 */
export class RoomUpdates {
  private outgoing: Outgoing[] = [];
  /** Update frames of batching connections, applied together by `applyHeld`. */
  private held: Held[] = [];
  /** Entries produced while `onLoad` runs; stored only if the load succeeds. */
  private collecting: LogEntryInput[] | null = null;
  /** While > 0, an `update` listener records changes exactly (server writes, `onLoad`). */
  private capturing = 0;
  /** The client update being applied, for the fast path in `onAfterTransaction`. */
  private applying: Applying | null = null;

  constructor(
    private readonly room: ConnectionRoom,
    private readonly doc: Y.Doc,
    private readonly connections: ReadonlySet<Connection>,
    private readonly state: AcceptedState,
    private readonly pending: PendingStructs,
    private readonly host: RoomHost,
  ) {
    // No `update` listener by default: Yjs then skips re-encoding every transaction, and a
    // client update that integrated completely is logged and relayed as received.
    doc.on("afterTransaction", this.onAfterTransaction);
  }

  /** Runs `fn` (the load hook) collecting its log entries; returns them for the caller to keep or drop. */
  async collect(fn: () => void | Promise<void>): Promise<LogEntryInput[]> {
    this.collecting = [];
    this.startCapture();
    try {
      await fn();
      return this.collecting;
    } finally {
      this.stopCapture();
      this.collecting = null;
    }
  }

  /** A server-side write: one transaction, logged with `author`, relayed at the next broadcast tick. */
  transact(author: string, fn: (doc: Y.Doc) => void): void {
    this.startCapture();
    try {
      this.doc.transact(() => fn(this.doc), new ServerWrite(author));
    } finally {
      this.stopCapture();
    }
  }

  /** Holds an update frame of a batching connection, to be applied by `applyHeld`. */
  hold(conn: Connection, update: Uint8Array): void {
    if (this.held.length === 0) this.host.scheduleBroadcast(this.room);
    this.held.push({ conn, update });
  }

  /** Whether held frames or accepted updates are still waiting for `flushBroadcast`. */
  hasUnsent(): boolean {
    return this.held.length > 0 || this.outgoing.length > 0;
  }

  /**
   * Sends every update accepted and not yet relayed to every peer but its sender, each in its own
   * frame (encoded once for all peers). Not merged: `Y.mergeUpdates` re-sorts all its inputs per
   * struct run, so a busy tick of n updates cost O(n² log n) and stalled the loop for seconds; the
   * transport corks each socket until the synchronous run ends, so a peer still gets one write.
   * Frame by frame, each to every peer (a peer still gets them in order): the socket layer frames
   * one payload once for all peers while it is the latest it was given, so peer by peer it framed
   * every payload anew for every peer (a 100 ms relay window of a 1,500-page control doc holds a
   * handful of server writes: thousands of buffers allocated per window).
   */
  flushBroadcast(): void {
    this.applyHeld();
    const items = this.outgoing;
    if (items.length === 0) return;
    this.outgoing = [];
    if (this.connections.size === 0) return;
    this.host.metrics.updateBroadcasts++;
    if (items.length === 1) {
      const first = items[0]!;
      const frame = encodeSyncUpdate(first.update);
      for (const conn of this.connections) if (conn !== first.origin) conn.send(frame);
      return;
    }
    const frames = items.map((item) => encodeSyncUpdate(item.update));
    if (items.every((item) => item.origin === null)) {
      // Server writes only (a control doc's relay window): every peer gets the same list.
      let bytes = 0;
      for (const frame of frames) bytes += frame.byteLength;
      for (const conn of this.connections) conn.sendMany(frames, bytes);
      return;
    }
    for (let i = 0; i < items.length; i++) {
      const origin = items[i]!.origin;
      const frame = frames[i]!;
      for (const conn of this.connections) if (conn !== origin) conn.send(frame);
    }
  }

  /** Drops what is unsent and stops listening to the doc. */
  destroy(): void {
    this.outgoing = [];
    this.held = [];
    this.doc.off("afterTransaction", this.onAfterTransaction);
    if (this.capturing > 0) this.doc.off("update", this.onCapturedUpdate);
    this.capturing = 0;
  }

  /**
   * Applies the held update frames in arrival order, all in one Yjs transaction (a transaction's
   * cleanup and events cost more than integrating one small update), each logged and relayed
   * exactly as if applied on arrival. A frame that fails closes only its sender (whose later held
   * frames are then dropped, as a closed connection's frames are).
   */
  applyHeld(): void {
    const held = this.held;
    if (held.length === 0) return;
    this.held = [];
    if (held.length === 1) {
      const { conn, update } = held[0]!;
      if (conn.state.kind === "closed") return;
      try {
        this.applyClientUpdate(conn, update);
      } catch (err) {
        this.host.fail(conn, err);
      }
      return;
    }
    this.doc.transact(() => {
      for (const { conn, update } of held) {
        if (conn.state.kind === "closed") continue;
        try {
          this.applyInBatch(conn, update);
        } catch (err) {
          this.host.fail(conn, err);
        }
      }
    }, BATCH_ORIGIN);
  }
  /**
   * `applyClientUpdate` inside the batch's transaction, which hides each update's own changes:
   * they are read from the store instead (the clocks of the update's clients, and the deletes of
   * its delete set's clients; every client when pending structs may resolve).
   */
  private applyInBatch(conn: Connection, update: Uint8Array): void {
    const decoded = this.checkClientUpdate(update);
    if (decoded === null) return;
    enforceWriteGuard(conn.context.writeGuard, this.doc, decoded, this.host.metrics);
    const store = this.doc.store;
    const transaction = this.doc._transaction;
    if (transaction === null) throw new Error("applyInBatch outside a transaction");
    const clean = !this.state.hasPending();
    const pendingBefore = this.state.pendingBytes();
    // Clocks before the update: of its own clients, or of every client if pending structs (of
    // any client) may integrate now.
    const before = clean ? new Map<number, number>() : stateVectorOf(this.doc);
    if (clean) {
      for (const struct of decoded.structs) {
        const client = struct.id.client;
        if (!before.has(client)) before.set(client, Y.getState(store, client));
      }
    }
    const redundant = holdsKnownItems(store, decoded);
    const deletes = transaction.deleteSet.clients;
    const deleteClients = clean ? [...decoded.ds.clients.keys()] : null;
    const deletesBefore = countDeletes(deletes, deleteClients);
    let failure: unknown = null;
    try {
      Y.applyUpdate(this.doc, update, conn);
    } catch (err) {
      failure = err;
    }
    let changed = countDeletes(deletes, deleteClients) !== deletesBefore;
    if (!changed) {
      if (clean) {
        for (const [client, clock] of before) {
          if (Y.getState(store, client) !== clock) {
            changed = true;
            break;
          }
        }
      } else {
        for (const client of store.clients.keys()) {
          if (Y.getState(store, client) !== (before.get(client) ?? 0)) {
            changed = true;
            break;
          }
        }
      }
    }
    if (changed) {
      if (failure === null && clean && !redundant && !this.state.hasPending()) {
        this.record(update, conn);
      } else {
        // Every other client is where it was before this update (see `before`).
        const since = stateVectorOf(this.doc);
        for (const [client, clock] of before) since.set(client, clock);
        this.record(this.state.diffSince(since), conn);
      }
    }
    this.afterApply(conn, failure, pendingBefore);
  }

  /**
   * The checks before a client update may touch the doc. Returns the decoded update, or null for
   * an empty one (what a client already in sync sends as step 2). Throws `SyncError`.
   */
  private checkClientUpdate(update: Uint8Array): DecodedUpdate | null {
    const { metrics, config } = this.host;
    if (update.byteLength === 2 && update[0] === 0 && update[1] === 0) return null;
    this.host.admitLog(this.room.docName, update.byteLength);
    // Pending structs (missing dependencies) take memory like integrated ones.
    if (
      this.state.approxBytes + this.state.pendingBytes() + update.byteLength >
      config.maxDocBytes
    ) {
      metrics.updatesRejected++;
      throw new SyncError(CloseCode.TooLarge, "doc would exceed maxDocBytes");
    }
    try {
      return validateUpdate(update);
    } catch (err) {
      metrics.updatesRejected++;
      throw err;
    }
  }

  /**
   * Counts the apply (or throws for its failure) and tracks pending structs it left
   * (`pendingBefore`: the doc's pending bytes before the update).
   */
  private afterApply(conn: Connection, failure: unknown, pendingBefore: number): void {
    const { metrics } = this.host;
    if (failure !== null) {
      metrics.updatesRejected++;
      throw new SyncError(
        CloseCode.BadMessage,
        `update failed to apply: ${failure instanceof Error ? failure.message : String(failure)}`,
      );
    }
    metrics.updatesApplied++;
    this.pending.afterApply(conn, pendingBefore);
  }

  /** Checks and applies one client update now. Throws `SyncError` to close `conn`. */
  applyClientUpdate(conn: Connection, update: Uint8Array): void {
    const decoded = this.checkClientUpdate(update);
    if (decoded === null) return;
    enforceWriteGuard(conn.context.writeGuard, this.doc, decoded, this.host.metrics);
    const clean = !this.state.hasPending();
    const redundant = holdsKnownItems(this.doc.store, decoded);
    const pendingBefore = this.state.pendingBytes();
    const applying: Applying = { conn, before: null };
    this.applying = applying;
    let failure: unknown = null;
    try {
      Y.applyUpdate(this.doc, update, conn);
    } catch (err) {
      failure = err;
    } finally {
      this.applying = null;
    }
    if (applying.before !== null) {
      // Fast path: an update of only new items that integrated completely into a doc without
      // pending structs is exactly what changed: log and relay its bytes. Otherwise (it threw
      // midway, went pending, resolved earlier pending structs, or re-sent items) record
      // the diff since the transaction began, so the log and the peers get exactly what the
      // doc integrated, and pending structs only once they integrate.
      if (failure === null && clean && !redundant && !this.state.hasPending())
        this.record(update, conn);
      else this.record(this.state.diffSince(applying.before), conn);
    }
    this.afterApply(conn, failure, pendingBefore);
  }

  private startCapture(): void {
    if (this.capturing++ === 0) this.doc.on("update", this.onCapturedUpdate);
  }

  private stopCapture(): void {
    if (--this.capturing === 0) this.doc.off("update", this.onCapturedUpdate);
  }

  private readonly onCapturedUpdate = (update: Uint8Array, origin: unknown): void => {
    this.record(update, origin);
  };

  /**
   * Sees every transaction. Client updates are recorded by `applyClientUpdate` once it knows how
   * the apply ended; server writes and `onLoad` are captured by an `update` listener; any other
   * change (none is expected) is recorded as the diff since its transaction began.
   */
  private readonly onAfterTransaction = (transaction: Y.Transaction): void => {
    if (this.capturing > 0 || transaction.origin === BATCH_ORIGIN) return;
    if (!transactionChanged(transaction)) return;
    const applying = this.applying;
    if (applying !== null && transaction.origin === applying.conn) {
      applying.before = transaction.beforeState;
      return;
    }
    this.host.logger.warn("doc changed outside the engine", { docName: this.room.docName });
    this.record(this.state.diffSince(transaction.beforeState), transaction.origin);
  };

  private record(update: Uint8Array, origin: unknown): void {
    this.state.changed(update.byteLength);
    const sender = origin instanceof Connection ? origin : null;
    const author =
      sender !== null
        ? sender.context.userId
        : origin instanceof ServerWrite
          ? origin.author
          : SYSTEM_AUTHOR;
    const entry: LogEntryInput = {
      docName: this.room.docName,
      update,
      at: this.host.scheduler.now(),
      author,
    };
    if (this.collecting !== null) this.collecting.push(entry);
    else this.host.enqueueLog(entry);
    this.outgoing.push({ update, origin: sender });
    // A client's update is relayed at once: the transport corks each socket for the rest of this
    // synchronous run, so the updates of one read (applied together) still reach a peer in one
    // write, and nothing waits for the next loop turn. Server writes come from separate API
    // requests (each its own run): relayed at once, each cost every follower a socket write. They
    // wait for the tick (a loop turn's writes go together) or, in a crowded room (a control doc
    // followed by 1,500 pages), for the relay window. `onLoad`'s changes wait for the tick.
    if (this.collecting !== null) this.host.scheduleBroadcast(this.room);
    else if (sender !== null) this.flushBroadcast();
    else {
      const { serverWriteCrowd, serverWriteCrowdRelayMs } = this.host.config;
      const crowded = this.connections.size > serverWriteCrowd;
      this.host.scheduleBroadcast(this.room, crowded ? serverWriteCrowdRelayMs : 0);
    }
  }
}

/**
 * Whether an update re-sends items the doc already holds (which Yjs skips). Its bytes are then
 * more than what changed: a stock client with an offline cache read after its socket opened sends
 * the whole cached doc with its new edits, and logging or relaying those bytes would keep and send
 * the whole doc again.
 */
function holdsKnownItems(store: Y.Doc["store"], decoded: DecodedUpdate): boolean {
  for (const struct of decoded.structs) {
    if (struct.id.clock < Y.getState(store, struct.id.client)) return true;
  }
  return false;
}

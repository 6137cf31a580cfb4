import { CloseCode } from "@tablecloth/protocol";
import type { LogEntryInput } from "@tablecloth/storage";
import { Awareness, applyAwarenessUpdate, removeAwarenessStates } from "y-protocols/awareness";
import * as Y from "yjs";
import { AwarenessGuard } from "./AwarenessGuard";
import {
  type AwarenessEntry,
  encodeAwarenessEntries,
  encodeAwarenessFrame,
  readAwarenessEntries,
} from "./awarenessEntries";
import { Connection, type ConnectionHost } from "./Connection";
import type { ClientMessage } from "./decodeMessage";
import { encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from "./encodeMessage";
import type { SyncConfig } from "./SyncConfig";
import { SyncError } from "./SyncError";
import type { Logger, Scheduler, TimerHandle } from "./types";
import { type DecodedUpdate, validateUpdate } from "./validateUpdate";
import { enforceWriteGuard } from "./WriteGuard";

/**
 * A loaded room's life. (Loading happens before a `Room` exists: the server merges concurrent
 * loads in a map of promises.) `unloading`: the last connection left, the grace period passed and
 * the final save is running; a newcomer arriving now reclaims the intact doc (back to `ready`).
 */
export type RoomState =
  | { kind: "ready"; graceTimer: TimerHandle | null }
  | { kind: "unloading"; retryTimer: TimerHandle | null }
  | { kind: "unloaded" };

/** What a room needs from its server. */
export interface RoomHost extends ConnectionHost {
  readonly config: SyncConfig;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  enqueueLog(entry: LogEntryInput): void;
  /**
   * Throws a `SyncError` when the log cannot take a client update of `bytes` to `docName` now
   * (TryAgainLater: log failing or backlog full; TooLarge: the doc's history quota).
   */
  admitLog(docName: string, bytes: number): void;
  /** Asks for `room.flushBroadcast()` at the next tick. */
  scheduleBroadcast(room: Room): void;
  /** Closes `conn` for an error its frame caused (a `SyncError` carries the close code). */
  fail(conn: Connection, err: unknown): void;
}

/** Transaction origin of a server-side write (`SyncServer.transact`), carrying its author. */
export class ServerWrite {
  constructor(readonly author: string) {}
}

/** Author recorded for changes without a connection or server-write origin (e.g. load migrations). */
export const SYSTEM_AUTHOR = "system";

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

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

const EMPTY_STATE_VECTOR_BYTE = 0;

/**
 * One loaded doc with its connections: answers sync steps, applies and relays updates (batched
 * per tick), coalesces awareness per throttle window, and hands every accepted update to the log.
 */
export class Room {
  state: RoomState = { kind: "ready", graceTimer: null };
  readonly connections = new Set<Connection>();
  readonly awareness: Awareness;
  /** Server-side writes in progress; the room is not unloaded while any runs. */
  holds = 0;

  /** Cheap running estimate of the encoded doc size, re-measured whenever the full state is encoded. */
  private approxBytes: number;
  private fullState: Uint8Array | null = null;
  private fullStateMessage: Uint8Array | null = null;
  private step1Message: Uint8Array | null = null;
  private awarenessMessage: Uint8Array | null = null;
  private outgoing: Outgoing[] = [];
  /** Update frames of batching connections, applied together by `applyHeld`. */
  private held: Held[] = [];
  /** Entries produced while `onLoad` runs; stored only if the load succeeds. */
  private collecting: LogEntryInput[] | null = null;
  /** While > 0, an `update` listener records changes exactly (server writes, `onLoad`). */
  private capturing = 0;
  /** The client update being applied, for the fast path in `onAfterTransaction`. */
  private applying: Applying | null = null;

  /** Which connection may set which awareness entries, and the stamp of every state. */
  private readonly awarenessGuard: AwarenessGuard;
  /** The raw JSON each client last sent, re-sent as is while it is the current state. */
  private readonly awarenessRaw = new Map<number, AwarenessEntry>();
  private readonly awarenessDirty = new Set<number>();
  private readonly awarenessSlowDirty = new Set<number>();
  private awarenessTimer: TimerHandle | null = null;
  private awarenessSlowTimer: TimerHandle | null = null;
  private lastAwarenessAt = Number.NEGATIVE_INFINITY;
  private lastSlowAwarenessAt = Number.NEGATIVE_INFINITY;
  /** Connections whose updates left pending structs (missing dependencies) in the doc. */
  private readonly pendingContributors = new Set<Connection>();
  /** Fires `maxPendingMs` after the doc last went from no pending structs to some. */
  private pendingTimer: TimerHandle | null = null;

  constructor(
    readonly docName: string,
    readonly doc: Y.Doc,
    loadedBytes: number,
    private readonly host: RoomHost,
  ) {
    this.approxBytes = loadedBytes;
    this.awareness = new Awareness(doc);
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.awarenessGuard = new AwarenessGuard(this.awareness, host.config);
    this.awareness.on("update", this.onAwarenessUpdate);
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

  /** A server-side read of the doc as every accepted update left it (held frames applied first). */
  read<T>(fn: (doc: Y.Doc) => T): T {
    this.applyHeld();
    return fn(this.doc);
  }

  /** A server-side write: one transaction, logged with `author`, relayed like a client's. */
  transact(author: string, fn: (doc: Y.Doc) => void): void {
    this.applyHeld();
    this.startCapture();
    try {
      this.doc.transact(() => fn(this.doc), new ServerWrite(author));
    } finally {
      this.stopCapture();
    }
  }

  /** Adds a connection: sends our sync step 1 and every current awareness state. */
  attach(conn: Connection): void {
    this.applyHeld();
    this.connections.add(conn);
    conn.state = { kind: "open", room: this };
    conn.sendInitial(this.getStep1Message());
    if (this.awareness.getStates().size > 0) {
      conn.sendInitial(this.getAwarenessMessage());
      this.host.metrics.awarenessOut++;
    }
  }

  /** Removes a closed connection and the awareness states it controlled (broadcast as removed). */
  detach(conn: Connection): void {
    this.applyHeld();
    if (!this.connections.delete(conn)) return;
    const owned = this.awarenessGuard
      .release(conn)
      .filter((clientId) => this.awareness.states.has(clientId));
    if (owned.length > 0) removeAwarenessStates(this.awareness, owned, null);
    if (this.pendingContributors.size > 0) this.checkPending();
  }

  /** Handles one decoded message of an open connection. Throws `SyncError` to close the sender. */
  handle(conn: Connection, message: ClientMessage): void {
    const { metrics } = this.host;
    if (message.type === "update" && conn.batching && !conn.context.readOnly) {
      if (this.held.length === 0) this.host.scheduleBroadcast(this);
      this.held.push({ conn, update: message.update });
      return;
    }
    this.applyHeld();
    switch (message.type) {
      case "syncStep1": {
        const answer = this.answerStep1(message.stateVector);
        if (conn.awaitingFirstStep1) {
          conn.awaitingFirstStep1 = false;
          conn.sendInitial(answer);
        } else {
          conn.send(answer);
        }
        return;
      }
      case "syncStep2":
      case "update":
        if (conn.context.readOnly) {
          metrics.updatesDropped++;
        } else {
          this.applyClientUpdate(conn, message.update);
        }
        if (message.type === "syncStep2" && conn.state.kind === "open") {
          conn.sentStep2 = true;
          if (this.pendingContributors.size > 0) this.checkPending();
        }
        return;
      case "awareness":
        metrics.awarenessIn++;
        this.applyAwareness(conn, message.update);
        return;
      case "queryAwareness":
        conn.send(this.getAwarenessMessage());
        metrics.awarenessOut++;
        return;
      default:
        assertNever(message);
    }
  }

  /**
   * Applies the entries of `conn`'s awareness update that the guard admits (bound to their
   * sender, stamped with its identity). Throws `SyncError` to close `conn`.
   */
  private applyAwareness(conn: Connection, update: Uint8Array): void {
    let entries: AwarenessEntry[];
    try {
      entries = readAwarenessEntries(update);
    } catch (err) {
      throw new SyncError(
        CloseCode.BadMessage,
        `invalid awareness update: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const { admitted, dropped } = this.awarenessGuard.admit(conn, entries);
    this.host.metrics.awarenessDropped += dropped;
    if (admitted.length === 0) return;
    applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(admitted), conn);
    for (const entry of admitted) {
      if (this.awareness.meta.get(entry.clientId)?.clock !== entry.clock) continue;
      if (this.awareness.states.has(entry.clientId)) this.awarenessRaw.set(entry.clientId, entry);
    }
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
    for (const conn of this.connections) {
      for (let i = 0; i < items.length; i++) {
        if (items[i]!.origin !== conn) conn.send(frames[i]!);
      }
    }
  }

  /**
   * The doc's full state for a checkpoint: exactly the entries logged so far (held updates are
   * not applied yet, and pending structs, never logged, are left out), so a doc holding pending
   * structs still checkpoints.
   */
  checkpointState(): Uint8Array | null {
    return this.getFullState();
  }

  /** Stops timers and destroys the awareness and the doc. */
  destroy(): void {
    const { scheduler } = this.host;
    if (this.awarenessTimer !== null) scheduler.clearTimeout(this.awarenessTimer);
    if (this.awarenessSlowTimer !== null) scheduler.clearTimeout(this.awarenessSlowTimer);
    if (this.pendingTimer !== null) scheduler.clearTimeout(this.pendingTimer);
    this.pendingTimer = null;
    this.awarenessTimer = null;
    this.awarenessSlowTimer = null;
    this.outgoing = [];
    this.held = [];
    this.awareness.off("update", this.onAwarenessUpdate);
    this.doc.off("afterTransaction", this.onAfterTransaction);
    if (this.capturing > 0) this.doc.off("update", this.onCapturedUpdate);
    this.capturing = 0;
    this.awareness.destroy();
    this.doc.destroy();
    this.fullState = null;
    this.fullStateMessage = null;
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
    const clean = !this.hasPending();
    const pendingBefore = this.pendingBytes();
    // Clocks before the update: of its own clients, or of every client if pending structs (of
    // any client) may integrate now.
    const before = clean ? new Map<number, number>() : stateVectorOf(this.doc);
    if (clean) {
      for (const struct of decoded.structs) {
        const client = struct.id.client;
        if (!before.has(client)) before.set(client, Y.getState(store, client));
      }
    }
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
      if (failure === null && clean && !this.hasPending()) {
        this.record(update, conn);
      } else {
        // Every other client is where it was before this update (see `before`).
        const since = stateVectorOf(this.doc);
        for (const [client, clock] of before) since.set(client, clock);
        this.record(this.diffSince(since), conn);
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
    this.host.admitLog(this.docName, update.byteLength);
    // Pending structs (missing dependencies) take memory like integrated ones.
    if (this.approxBytes + this.pendingBytes() + update.byteLength > config.maxDocBytes) {
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
   * Counts the apply (or throws for its failure) and tracks pending structs it left.
   * `pendingBefore`: the doc's pending bytes before the update; only an update that added to
   * them makes its sender a contributor (an honest writer's edit applied meanwhile does not).
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
    if (!this.hasPending()) {
      this.clearPending();
      return;
    }
    const pending = this.pendingBytes();
    if (pending > pendingBefore) this.pendingContributors.add(conn);
    if (pending > this.host.config.maxPendingBytes) {
      // Honest contributors lose nothing: their step 2 brings everything they have again.
      this.discardPending();
      this.host.close(conn, CloseCode.TooLarge, "pending updates over maxPendingBytes");
      return;
    }
    if (this.pendingTimer === null) {
      this.pendingTimer = this.host.scheduler.setTimeout(
        this.onPendingTimeout,
        this.host.config.maxPendingMs,
      );
    }
    this.checkPending();
  }

  /** Bytes of the updates waiting for missing dependencies (Yjs keeps them merged). */
  private pendingBytes(): number {
    const store = this.doc.store;
    return (store.pendingStructs?.update.byteLength ?? 0) + (store.pendingDs?.byteLength ?? 0);
  }

  /** Nothing is pending (any more): forget the contributors and the deadline. */
  private clearPending(): void {
    this.pendingContributors.clear();
    if (this.pendingTimer !== null) this.host.scheduler.clearTimeout(this.pendingTimer);
    this.pendingTimer = null;
  }

  /** Drops the pending structs (never logged or relayed) and forgets their contributors. */
  private discardPending(): void {
    this.doc.store.pendingStructs = null;
    this.doc.store.pendingDs = null;
    this.invalidateCaches();
    this.host.metrics.pendingDiscarded++;
    this.host.logger.warn("discarded update with missing dependencies", { docName: this.docName });
    this.clearPending();
  }

  /** `maxPendingMs` passed with the gap still open: whoever left it never meant to fill it. */
  private readonly onPendingTimeout = (): void => {
    this.pendingTimer = null;
    this.applyHeld();
    if (!this.hasPending()) {
      this.clearPending();
      return;
    }
    const open = [...this.pendingContributors].filter((conn) => conn.state.kind !== "closed");
    this.discardPending();
    for (const conn of open) {
      this.host.close(conn, CloseCode.BadMessage, "missing dependencies past maxPendingMs");
    }
  };

  private applyClientUpdate(conn: Connection, update: Uint8Array): void {
    const decoded = this.checkClientUpdate(update);
    if (decoded === null) return;
    enforceWriteGuard(conn.context.writeGuard, this.doc, decoded, this.host.metrics);
    const clean = !this.hasPending();
    const pendingBefore = this.pendingBytes();
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
      // Fast path: an update that integrated completely into a doc without pending structs is
      // exactly what changed (plus, at most, duplicates Yjs ignores): log and relay its bytes.
      // Otherwise (it threw midway, went pending, or resolved earlier pending structs) record
      // the diff since the transaction began, so the log and the peers get exactly what the
      // doc integrated, and pending structs only once they integrate.
      if (failure === null && clean && !this.hasPending()) this.record(update, conn);
      else this.record(this.diffSince(applying.before), conn);
    }
    this.afterApply(conn, failure, pendingBefore);
  }

  private hasPending(): boolean {
    return this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
  }

  /**
   * Pending structs are legitimate for a moment: a client reconnecting with offline edits may
   * send a fresh update before its sync step 2 fills the gap. Once every connection that
   * contributed has sent its step 2 (or left) and the gap is still open, the update was broken:
   * drop the pending part (it was never logged or relayed) and close its senders.
   */
  private checkPending(): void {
    if (!this.hasPending()) {
      this.clearPending();
      return;
    }
    for (const conn of this.pendingContributors) {
      if (conn.state.kind !== "closed" && !conn.sentStep2) return;
    }
    const open = [...this.pendingContributors].filter((conn) => conn.state.kind !== "closed");
    this.discardPending();
    for (const conn of open)
      this.host.close(conn, CloseCode.BadMessage, "update with missing dependencies");
  }

  private answerStep1(stateVector: Uint8Array): Uint8Array {
    if (stateVector.byteLength === 1 && stateVector[0] === EMPTY_STATE_VECTOR_BYTE) {
      return this.getFullStateMessage();
    }
    return encodeSyncStep2(this.encodeAccepted(stateVector));
  }

  /**
   * `Y.encodeStateAsUpdate` without the pending structs and deletes, which it would otherwise
   * merge in: they were never accepted (logged or relayed), so neither a joiner nor a checkpoint
   * may get them.
   */
  private encodeAccepted(stateVector?: Uint8Array): Uint8Array {
    const store = this.doc.store;
    const pendingStructs = store.pendingStructs;
    const pendingDs = store.pendingDs;
    if (pendingStructs === null && pendingDs === null) {
      return Y.encodeStateAsUpdate(this.doc, stateVector);
    }
    store.pendingStructs = null;
    store.pendingDs = null;
    try {
      return Y.encodeStateAsUpdate(this.doc, stateVector);
    } finally {
      store.pendingStructs = pendingStructs;
      store.pendingDs = pendingDs;
    }
  }

  private getFullState(): Uint8Array {
    if (this.fullState === null) {
      this.fullState = this.encodeAccepted();
      this.approxBytes = this.fullState.byteLength;
    }
    return this.fullState;
  }

  private getFullStateMessage(): Uint8Array {
    if (this.fullStateMessage === null)
      this.fullStateMessage = encodeSyncStep2(this.getFullState());
    return this.fullStateMessage;
  }

  private getStep1Message(): Uint8Array {
    if (this.step1Message === null)
      this.step1Message = encodeSyncStep1(Y.encodeStateVector(this.doc));
    return this.step1Message;
  }

  private getAwarenessMessage(): Uint8Array {
    if (this.awarenessMessage === null) {
      const clients = [...this.awareness.getStates().keys()];
      this.awarenessMessage = encodeAwarenessFrame(this.awareness, clients, this.awarenessRaw);
    }
    return this.awarenessMessage;
  }

  private invalidateCaches(): void {
    this.fullState = null;
    this.fullStateMessage = null;
    this.step1Message = null;
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
    this.host.logger.warn("doc changed outside the engine", { docName: this.docName });
    this.record(this.diffSince(transaction.beforeState), transaction.origin);
  };

  /** The doc's changes since `before`, excluding pending structs and deletes. */
  private diffSince(before: Map<number, number>): Uint8Array {
    return this.encodeAccepted(Y.encodeStateVector(before));
  }

  private record(update: Uint8Array, origin: unknown): void {
    this.invalidateCaches();
    this.approxBytes += update.byteLength;
    const sender = origin instanceof Connection ? origin : null;
    const author =
      sender !== null
        ? sender.context.userId
        : origin instanceof ServerWrite
          ? origin.author
          : SYSTEM_AUTHOR;
    const entry: LogEntryInput = {
      docName: this.docName,
      update,
      at: this.host.scheduler.now(),
      author,
    };
    if (this.collecting !== null) this.collecting.push(entry);
    else this.host.enqueueLog(entry);
    this.outgoing.push({ update, origin: sender });
    // Relayed at once: the transport corks each socket for the rest of this synchronous run, so
    // the updates of one read (applied together) still reach a peer in one write, and nothing
    // waits for the next loop turn. `onLoad`'s changes (no connections yet) wait for the tick.
    if (this.collecting === null) this.flushBroadcast();
    else this.host.scheduleBroadcast(this);
  }

  private readonly onAwarenessUpdate = (changes: AwarenessChanges): void => {
    this.awarenessMessage = null;
    for (const clientId of changes.removed) this.awarenessRaw.delete(clientId);
    for (const clientId of changes.added) this.awarenessDirty.add(clientId);
    for (const clientId of changes.updated) this.awarenessDirty.add(clientId);
    for (const clientId of changes.removed) this.awarenessDirty.add(clientId);
    this.scheduleAwareness();
  };

  private scheduleAwareness(): void {
    if (this.awarenessTimer !== null || this.awarenessDirty.size === 0) return;
    const { scheduler, config } = this.host;
    const delay = Math.max(0, this.lastAwarenessAt + config.awarenessThrottleMs - scheduler.now());
    this.awarenessTimer = scheduler.setTimeout(() => {
      this.awarenessTimer = null;
      this.flushAwareness();
    }, delay);
  }

  /** One coalesced awareness broadcast holding the latest state of every client that changed. */
  private flushAwareness(): void {
    if (this.awarenessDirty.size === 0) return;
    const { scheduler, config, metrics } = this.host;
    this.lastAwarenessAt = scheduler.now();
    const clients = this.knownClients(this.awarenessDirty);
    this.awarenessDirty.clear();
    if (clients.length === 0 || this.connections.size === 0) return;
    const frame = encodeAwarenessFrame(this.awareness, clients, this.awarenessRaw);
    const crowded = this.connections.size > config.awarenessReadOnlyCrowd;
    let slowReaders = false;
    for (const conn of this.connections) {
      if (crowded && conn.context.readOnly) {
        slowReaders = true;
        continue;
      }
      conn.send(frame);
      metrics.awarenessOut++;
    }
    metrics.awarenessBroadcasts++;
    if (slowReaders) {
      for (const clientId of clients) this.awarenessSlowDirty.add(clientId);
      this.scheduleSlowAwareness();
    }
  }

  private scheduleSlowAwareness(): void {
    if (this.awarenessSlowTimer !== null) return;
    const { scheduler, config } = this.host;
    const delay = Math.max(
      0,
      this.lastSlowAwarenessAt + config.awarenessReadOnlyThrottleMs - scheduler.now(),
    );
    this.awarenessSlowTimer = scheduler.setTimeout(() => {
      this.awarenessSlowTimer = null;
      this.flushSlowAwareness();
    }, delay);
  }

  /** The slower broadcast to read-only connections of a crowded room. */
  private flushSlowAwareness(): void {
    if (this.awarenessSlowDirty.size === 0) return;
    const { scheduler, metrics } = this.host;
    this.lastSlowAwarenessAt = scheduler.now();
    const clients = this.knownClients(this.awarenessSlowDirty);
    this.awarenessSlowDirty.clear();
    if (clients.length === 0) return;
    const frame = encodeAwarenessFrame(this.awareness, clients, this.awarenessRaw);
    for (const conn of this.connections) {
      if (!conn.context.readOnly) continue;
      conn.send(frame);
      metrics.awarenessOut++;
    }
  }

  /** Client ids the awareness still has metadata for. */
  private knownClients(ids: Set<number>): number[] {
    const clients: number[] = [];
    for (const clientId of ids) if (this.awareness.meta.has(clientId)) clients.push(clientId);
    return clients;
  }
}

/** The doc's state vector as a map (client → next clock). */
function stateVectorOf(doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

/** Delete ranges recorded so far in a transaction, of `clients` (all when null). */
function countDeletes(
  deletes: ReadonlyMap<number, readonly unknown[]>,
  clients: readonly number[] | null,
): number {
  let n = 0;
  if (clients === null) {
    for (const items of deletes.values()) n += items.length;
    return n;
  }
  for (const client of clients) n += deletes.get(client)?.length ?? 0;
  return n;
}

/** Whether a transaction changed anything (the same test Yjs uses before emitting `update`). */
function transactionChanged(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of transaction.afterState) {
    if (transaction.beforeState.get(client) !== clock) return true;
  }
  return false;
}

function assertNever(value: never): never {
  throw new Error(`unexpected message ${JSON.stringify(value)}`);
}

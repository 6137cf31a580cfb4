import type { LogEntryInput } from "@tablecloth/storage";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { AcceptedState } from "./AcceptedState";
import type { Connection, ConnectionRoom } from "./Connection";
import type { ClientMessage } from "./decodeMessage";
import { PendingStructs } from "./PendingStructs";
import { RoomAwareness } from "./RoomAwareness";
import type { RoomHost } from "./RoomHost";
import { RoomUpdates } from "./RoomUpdates";
import type { TimerHandle } from "./types";

/**
 * A loaded room's life. (Loading happens before a `Room` exists: the server merges concurrent
 * loads in a map of promises.) `unloading`: the last connection left, the grace period passed and
 * the final save is running; a newcomer arriving now reclaims the intact doc (back to `ready`).
 */
export type RoomState =
  | { kind: "ready"; graceTimer: TimerHandle | null }
  | { kind: "unloading"; retryTimer: TimerHandle | null }
  | { kind: "unloaded" };

/**
 * One loaded doc with its connections: answers sync steps and routes each message to the room's
 * updates (`RoomUpdates`: apply, batch, log, relay; `PendingStructs`: updates with missing
 * dependencies) or presence (`RoomAwareness`). Every entry point first applies the update frames
 * held during a transport batch, so it sees the doc as every accepted update left it.
 */
export class Room implements ConnectionRoom {
  state: RoomState = { kind: "ready", graceTimer: null };
  readonly connections = new Set<Connection>();
  /** Server-side writes in progress; the room is not unloaded while any runs. */
  holds = 0;

  private readonly accepted: AcceptedState;
  private readonly pending: PendingStructs;
  private readonly updates: RoomUpdates;
  private readonly presence: RoomAwareness;

  constructor(
    readonly docName: string,
    readonly doc: Y.Doc,
    loadedBytes: number,
    private readonly host: RoomHost,
  ) {
    this.accepted = new AcceptedState(doc, loadedBytes);
    this.presence = new RoomAwareness(doc, this.connections, host);
    this.pending = new PendingStructs(docName, doc, this.accepted, host, () => this.applyHeld());
    this.updates = new RoomUpdates(this, doc, this.connections, this.accepted, this.pending, host);
  }

  get awareness(): Awareness {
    return this.presence.awareness;
  }

  /** Runs `fn` (the load hook) collecting its log entries; returns them for the caller to keep or drop. */
  collect(fn: () => void | Promise<void>): Promise<LogEntryInput[]> {
    return this.updates.collect(fn);
  }

  /** A server-side read of the doc as every accepted update left it (held frames applied first). */
  read<T>(fn: (doc: Y.Doc) => T): T {
    this.applyHeld();
    return fn(this.doc);
  }

  /** A server-side write: one transaction, logged with `author`, relayed at the next broadcast tick. */
  transact(author: string, fn: (doc: Y.Doc) => void): void {
    this.applyHeld();
    this.updates.transact(author, fn);
  }

  /** Stamps every awareness state again from its owner's context now (see `RoomAwareness`). */
  restampAwareness(): number {
    return this.presence.restamp();
  }

  /** Adds a connection: sends our sync step 1 and every current awareness state. */
  attach(conn: Connection): void {
    this.applyHeld();
    this.connections.add(conn);
    conn.state = { kind: "open", room: this };
    this.presence.joined(conn);
    conn.sendInitial(this.accepted.getStep1Message());
    if (this.presence.hasStatesFor(conn)) {
      conn.sendInitial(this.presence.message(conn));
      this.host.metrics.awarenessOut++;
    }
  }

  /** Removes a closed connection and the awareness states it controlled (broadcast as removed). */
  detach(conn: Connection): void {
    this.applyHeld();
    if (!this.connections.delete(conn)) return;
    this.presence.release(conn);
    if (this.pending.hasContributors()) this.pending.check();
  }

  /** Handles one decoded message of an open connection. Throws `SyncError` to close the sender. */
  handle(conn: Connection, message: ClientMessage): void {
    const { metrics } = this.host;
    if (message.type === "update" && conn.batching && !conn.context.readOnly) {
      this.updates.hold(conn, message.update);
      return;
    }
    this.applyHeld();
    switch (message.type) {
      case "syncStep1": {
        const answer = this.accepted.answerStep1(message.stateVector);
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
          this.updates.applyClientUpdate(conn, message.update);
        }
        if (message.type === "syncStep2" && conn.state.kind === "open") {
          conn.sentStep2 = true;
          if (this.pending.hasContributors()) this.pending.check();
        }
        return;
      case "awareness":
        metrics.awarenessIn++;
        this.presence.apply(conn, message.update);
        return;
      case "queryAwareness":
        conn.send(this.presence.message(conn));
        metrics.awarenessOut++;
        return;
      default:
        assertNever(message);
    }
  }

  /** The one batched entry point: applies the update frames held during a transport batch. */
  applyHeld(): void {
    this.updates.applyHeld();
  }

  /** Whether held frames or accepted updates are still waiting for `flushBroadcast`. */
  hasUnsent(): boolean {
    return this.updates.hasUnsent();
  }

  /** Applies held frames and relays every accepted update not yet relayed. */
  flushBroadcast(): void {
    this.updates.flushBroadcast();
  }

  /**
   * The doc's full state for a checkpoint: exactly the entries logged so far (held updates are
   * not applied yet, and pending structs, never logged, are left out), so a doc holding pending
   * structs still checkpoints.
   */
  checkpointState(): Uint8Array | null {
    return this.accepted.getFullState();
  }

  /** Stops timers and destroys the awareness and the doc. */
  destroy(): void {
    this.pending.destroy();
    this.updates.destroy();
    this.presence.destroy();
    this.doc.destroy();
    this.accepted.invalidate();
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected message ${JSON.stringify(value)}`);
}

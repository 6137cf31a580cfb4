import { CloseCode } from "@tablecloth/protocol";
import { Awareness, applyAwarenessUpdate, removeAwarenessStates } from "y-protocols/awareness";
import type * as Y from "yjs";
import { AwarenessGuard } from "./AwarenessGuard";
import {
  type AwarenessEntry,
  encodeAwarenessEntries,
  encodeAwarenessFrame,
  readAwarenessEntries,
} from "./awarenessEntries";
import type { Connection } from "./Connection";
import type { RoomHost } from "./RoomHost";
import { SyncError } from "./SyncError";
import type { TimerHandle } from "./types";

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * A room's presence: admits each connection's awareness entries through the guard, and
 * coalesces the broadcast per throttle window (slower for read-only connections of a crowd).
 */
export class RoomAwareness {
  readonly awareness: Awareness;
  private awarenessMessage: Uint8Array | null = null;
  /** Which connection may set which awareness entries, and the stamp of every state. */
  private readonly guard: AwarenessGuard;
  /** The raw JSON each client last sent, re-sent as is while it is the current state. */
  private readonly raw = new Map<number, AwarenessEntry>();
  private readonly dirty = new Set<number>();
  private readonly slowDirty = new Set<number>();
  private timer: TimerHandle | null = null;
  private slowTimer: TimerHandle | null = null;
  private lastAt = Number.NEGATIVE_INFINITY;
  private lastSlowAt = Number.NEGATIVE_INFINITY;

  constructor(
    doc: Y.Doc,
    private readonly connections: ReadonlySet<Connection>,
    private readonly host: RoomHost,
  ) {
    this.awareness = new Awareness(doc);
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.guard = new AwarenessGuard(this.awareness, host.config);
    this.awareness.on("update", this.onUpdate);
  }

  /** Whether any client has a presence state. */
  hasStates(): boolean {
    return this.awareness.getStates().size > 0;
  }

  /**
   * Applies the entries of `conn`'s awareness update that the guard admits (bound to their
   * sender, stamped with its identity). Throws `SyncError` to close `conn`.
   */
  apply(conn: Connection, update: Uint8Array): void {
    let entries: AwarenessEntry[];
    try {
      entries = readAwarenessEntries(update);
    } catch (err) {
      throw new SyncError(
        CloseCode.BadMessage,
        `invalid awareness update: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const { admitted, dropped } = this.guard.admit(conn, entries);
    this.host.metrics.awarenessDropped += dropped;
    if (admitted.length === 0) return;
    applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(admitted), conn);
    for (const entry of admitted) {
      if (this.awareness.meta.get(entry.clientId)?.clock !== entry.clock) continue;
      if (this.awareness.states.has(entry.clientId)) this.raw.set(entry.clientId, entry);
    }
  }

  /** Removes the awareness states `conn` controlled (broadcast as removed). */
  release(conn: Connection): void {
    const owned = this.guard
      .release(conn)
      .filter((clientId) => this.awareness.states.has(clientId));
    if (owned.length > 0) removeAwarenessStates(this.awareness, owned, null);
  }

  /** Every current state in one awareness frame (encoded once per change). */
  message(): Uint8Array {
    if (this.awarenessMessage === null) {
      const clients = [...this.awareness.getStates().keys()];
      this.awarenessMessage = encodeAwarenessFrame(this.awareness, clients, this.raw);
    }
    return this.awarenessMessage;
  }

  /** Stops the timers and destroys the awareness. */
  destroy(): void {
    const { scheduler } = this.host;
    if (this.timer !== null) scheduler.clearTimeout(this.timer);
    if (this.slowTimer !== null) scheduler.clearTimeout(this.slowTimer);
    this.timer = null;
    this.slowTimer = null;
    this.awareness.off("update", this.onUpdate);
    this.awareness.destroy();
  }

  private readonly onUpdate = (changes: AwarenessChanges): void => {
    this.awarenessMessage = null;
    for (const clientId of changes.removed) this.raw.delete(clientId);
    for (const clientId of changes.added) this.dirty.add(clientId);
    for (const clientId of changes.updated) this.dirty.add(clientId);
    for (const clientId of changes.removed) this.dirty.add(clientId);
    this.schedule();
  };

  private schedule(): void {
    if (this.timer !== null || this.dirty.size === 0) return;
    const { scheduler, config } = this.host;
    const delay = Math.max(0, this.lastAt + config.awarenessThrottleMs - scheduler.now());
    this.timer = scheduler.setTimeout(() => {
      this.timer = null;
      this.flush();
    }, delay);
  }

  /** One coalesced awareness broadcast holding the latest state of every client that changed. */
  private flush(): void {
    if (this.dirty.size === 0) return;
    const { scheduler, config, metrics } = this.host;
    this.lastAt = scheduler.now();
    const clients = this.knownClients(this.dirty);
    this.dirty.clear();
    if (clients.length === 0 || this.connections.size === 0) return;
    const frame = encodeAwarenessFrame(this.awareness, clients, this.raw);
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
      for (const clientId of clients) this.slowDirty.add(clientId);
      this.scheduleSlow();
    }
  }

  private scheduleSlow(): void {
    if (this.slowTimer !== null) return;
    const { scheduler, config } = this.host;
    const delay = Math.max(
      0,
      this.lastSlowAt + config.awarenessReadOnlyThrottleMs - scheduler.now(),
    );
    this.slowTimer = scheduler.setTimeout(() => {
      this.slowTimer = null;
      this.flushSlow();
    }, delay);
  }

  /** The slower broadcast to read-only connections of a crowded room. */
  private flushSlow(): void {
    if (this.slowDirty.size === 0) return;
    const { scheduler, metrics } = this.host;
    this.lastSlowAt = scheduler.now();
    const clients = this.knownClients(this.slowDirty);
    this.slowDirty.clear();
    if (clients.length === 0) return;
    const frame = encodeAwarenessFrame(this.awareness, clients, this.raw);
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

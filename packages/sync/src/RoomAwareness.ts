import { CloseCode } from "@tablecloth/protocol";
import { Awareness, removeAwarenessStates } from "y-protocols/awareness";
import type * as Y from "yjs";
import { type AdmittedEntry, AwarenessGuard } from "./AwarenessGuard";
import {
  type AwarenessEntry,
  encodeAwarenessFrame,
  readAwarenessEntries,
  sameBytes,
} from "./awarenessEntries";
import type { Connection } from "./Connection";
import type { RoomHost } from "./RoomHost";
import { MAX_READ_ONLY_AWARENESS_PERIOD_MS, type SyncConfig } from "./SyncConfig";
import { SyncError } from "./SyncError";
import type { TimerHandle } from "./types";

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

const utf8Encoder = new TextEncoder();

/**
 * Viewers: read-only observers, who have no cursor to share. (Read-only is not enough: on an
 * event's control doc every participant is read-only, and the lobby shows them to each other.)
 */
function isViewer(conn: Connection): boolean {
  return conn.context.readOnly && conn.context.role === "observer";
}
/**
 * Clients drop a state not renewed for 30 s (y-protocols' `outdatedTimeout`); the head count is
 * sent again this often while viewers are in the room, as the stock client renews its own state.
 */
const HEAD_COUNT_RENEW_MS = 15_000;

/**
 * A room's presence: admits each connection's awareness entries through the guard, and
 * coalesces the broadcast per throttle window (slower in a crowd, slowest for its read-only
 * connections).
 *
 * Two audiences: writers (editors, facilitators) receive every state; read-only viewers receive
 * the writers' states and a head count (the server's own awareness entry,
 * `{"headCount":{"viewers":n,"writers":m}}`, which has no `user` and so draws no cursor), but not
 * each other's states: a plenary's hundreds of viewers would otherwise cost a broadcast to
 * hundreds for every viewer that joins, leaves or moves.
 */
export class RoomAwareness {
  readonly awareness: Awareness;
  /** Every current state (for writers) and the viewers' view, encoded once per change. */
  private writerMessage: Uint8Array | null = null;
  private viewerMessage: Uint8Array | null = null;
  /** Which connection may set which awareness entries, and the stamp of every state. */
  private readonly guard: AwarenessGuard;
  /** The raw JSON each client last sent, re-sent as is while it is the current state. */
  private readonly raw = new Map<number, AwarenessEntry>();
  /** Client ids introduced by read-only connections: relayed to writers only. */
  private readonly viewerIds = new Set<number>();
  private readonly dirty = new Set<number>();
  private readonly slowDirty = new Set<number>();
  /**
   * The room's connections by audience, sorted once as each joins (a context's fields are read
   * once, not per connection per broadcast: a crowded room's writer broadcast, 20 a second,
   * walked every observer only to skip it): writers, read-only connections that are not viewers
   * (every state, at the slower rate in a crowd), viewers. The head count counts viewers and the
   * rest.
   */
  private readonly writerConns = new Set<Connection>();
  private readonly readerConns = new Set<Connection>();
  private readonly viewerConns = new Set<Connection>();
  private headCount: AwarenessEntry | null = null;
  private headCountDirty = false;
  private slowHeadCountDirty = false;
  private timer: TimerHandle | null = null;
  private renewTimer: TimerHandle | null = null;
  private slowTimer: TimerHandle | null = null;
  private lastAt = Number.NEGATIVE_INFINITY;
  private lastSlowAt = Number.NEGATIVE_INFINITY;

  constructor(
    doc: Y.Doc,
    private readonly connections: ReadonlySet<Connection>,
    private readonly host: RoomHost,
  ) {
    this.awareness = new Awareness(doc);
    // The server has no presence of its own (its id carries only the viewers' head count).
    this.awareness.setLocalState(null);
    this.guard = new AwarenessGuard(this.awareness, host.config);
    this.awareness.on("update", this.onUpdate);
  }

  /** Whether `conn` should get an awareness frame on attach. */
  hasStatesFor(conn: Connection): boolean {
    if (this.viewerConns.has(conn)) return true;
    return this.awareness.getStates().size > 0;
  }

  /** Counts a connection that joined the room (the head count viewers receive). */
  joined(conn: Connection): void {
    if (isViewer(conn)) this.viewerConns.add(conn);
    else if (conn.context.readOnly) this.readerConns.add(conn);
    else this.writerConns.add(conn);
    this.headCountChanged();
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
    if (this.viewerConns.has(conn)) {
      for (const entry of admitted) this.viewerIds.add(entry.clientId);
    }
    this.applyAdmitted(admitted, conn);
  }

  /** Removes the awareness states `conn` controlled (broadcast as removed) and uncounts it. */
  release(conn: Connection): void {
    if (!this.viewerConns.delete(conn) && !this.readerConns.delete(conn)) {
      this.writerConns.delete(conn);
    }
    this.headCountChanged();
    const owned = this.guard
      .release(conn)
      .filter((clientId) => this.awareness.states.has(clientId));
    if (owned.length > 0) removeAwarenessStates(this.awareness, owned, null);
  }

  /** Every state `conn` may see in one awareness frame (encoded once per change and audience). */
  message(conn: Connection): Uint8Array {
    if (this.viewerConns.has(conn)) {
      if (this.viewerMessage === null) {
        this.viewerMessage = encodeAwarenessFrame(
          this.awareness,
          this.writerClients(this.awareness.getStates().keys()),
          this.raw,
          [this.currentHeadCount()],
        );
      }
      return this.viewerMessage;
    }
    if (this.writerMessage === null) {
      this.writerMessage = encodeAwarenessFrame(
        this.awareness,
        this.awareness.getStates().keys(),
        this.raw,
      );
    }
    return this.writerMessage;
  }

  /**
   * Stamps every state again from its owner's context as it is now (a shown name changed, e.g.
   * anonymous mode turned on or off), each with the next clock so every client takes it (its
   * owner's client too: y-protocols keeps a newer remote clock for its own id), and broadcasts
   * them at the next throttle window. Returns how many states changed.
   */
  restamp(): number {
    const admitted: AdmittedEntry[] = [];
    for (const [clientId, current] of this.awareness.getStates()) {
      if (clientId === this.awareness.clientID) continue;
      const stamped = this.guard.restamp(clientId, current);
      if (stamped === null) continue;
      const bytesBefore = this.raw.get(clientId)?.state;
      if (bytesBefore !== undefined && sameBytes(bytesBefore, stamped.state)) continue;
      const clock = (this.awareness.meta.get(clientId)?.clock ?? 0) + 1;
      admitted.push({ clientId, clock, ...stamped });
    }
    if (admitted.length > 0) this.applyAdmitted(admitted, null);
    return admitted.length;
  }

  /** Stops the timers and destroys the awareness. */
  destroy(): void {
    const { scheduler } = this.host;
    if (this.timer !== null) scheduler.clearTimeout(this.timer);
    if (this.slowTimer !== null) scheduler.clearTimeout(this.slowTimer);
    if (this.renewTimer !== null) scheduler.clearTimeout(this.renewTimer);
    this.renewTimer = null;
    this.timer = null;
    this.slowTimer = null;
    this.awareness.off("update", this.onUpdate);
    this.awareness.destroy();
  }

  /**
   * What y-protocols' `applyAwarenessUpdate` does, on states the guard already parsed and stamped:
   * decoding the update again and parsing every state a second time was most of the CPU a cursor
   * move cost. (The guard admitted only news: a newer clock, or a removal at the current clock.)
   */
  private applyAdmitted(admitted: readonly AdmittedEntry[], origin: Connection | null): void {
    const { awareness } = this;
    const now = Date.now();
    const changes: AwarenessChanges = { added: [], updated: [], removed: [] };
    for (const entry of admitted) {
      const { clientId, clock, value } = entry;
      const known = awareness.meta.has(clientId);
      const had = awareness.states.has(clientId);
      if (value === null) {
        awareness.states.delete(clientId);
        this.raw.delete(clientId);
      } else {
        awareness.states.set(clientId, value);
        this.raw.set(clientId, entry);
      }
      awareness.meta.set(clientId, { clock, lastUpdated: now });
      if (!known && value !== null) changes.added.push(clientId);
      else if (known && value === null) {
        if (had) changes.removed.push(clientId);
      } else if (value !== null) {
        if (had) changes.updated.push(clientId);
        else changes.added.push(clientId);
      }
    }
    if (changes.added.length + changes.updated.length + changes.removed.length === 0) return;
    awareness.emit("change", [changes, origin]);
    awareness.emit("update", [changes, origin]);
  }

  private readonly onUpdate = (changes: AwarenessChanges): void => {
    this.writerMessage = null;
    this.viewerMessage = null;
    for (const clientId of changes.removed) this.raw.delete(clientId);
    for (const clientId of changes.added) this.dirty.add(clientId);
    for (const clientId of changes.updated) this.dirty.add(clientId);
    for (const clientId of changes.removed) this.dirty.add(clientId);
    this.schedule();
  };

  private headCountChanged(): void {
    this.headCount = null;
    this.viewerMessage = null;
    // Only viewers receive it: none, nothing to send.
    if (this.viewerConns.size === 0) return;
    this.headCountDirty = true;
    this.schedule();
    if (this.renewTimer === null) {
      this.renewTimer = this.host.scheduler.setTimeout(() => {
        this.renewTimer = null;
        this.headCountChanged();
      }, HEAD_COUNT_RENEW_MS);
    }
  }

  /** The server's head count entry, with a new clock whenever the count changed. */
  private currentHeadCount(): AwarenessEntry {
    if (this.headCount === null) {
      const clientId = this.awareness.clientID;
      const clock = (this.awareness.meta.get(clientId)?.clock ?? 0) + 1;
      this.awareness.meta.set(clientId, { clock, lastUpdated: Date.now() });
      const viewers = this.viewerConns.size;
      const writers = this.writerConns.size + this.readerConns.size;
      const state = `{"headCount":{"viewers":${viewers},"writers":${writers}}}`;
      this.headCount = { clientId, clock, state: utf8Encoder.encode(state) };
    }
    return this.headCount;
  }

  private schedule(): void {
    if (this.timer !== null || (this.dirty.size === 0 && !this.headCountDirty)) return;
    const { scheduler, config } = this.host;
    const period =
      this.connections.size > config.awarenessReadOnlyCrowd
        ? Math.max(config.awarenessThrottleMs, config.awarenessCrowdThrottleMs)
        : config.awarenessThrottleMs;
    const delay = Math.max(0, this.lastAt + period - scheduler.now());
    this.timer = scheduler.setTimeout(() => {
      this.timer = null;
      this.flush();
    }, delay);
  }

  /**
   * One coalesced awareness broadcast per audience: writers get the latest state of every client
   * that changed; viewers the writers' among them and the head count if it changed. Read-only
   * connections of a crowded room get theirs at the slower rate.
   */
  private flush(): void {
    if (this.dirty.size === 0 && !this.headCountDirty) return;
    const { scheduler, config, metrics } = this.host;
    this.lastAt = scheduler.now();
    const clients = this.knownClients(this.dirty);
    const headCount = this.headCountDirty;
    this.dirty.clear();
    this.headCountDirty = false;
    if (this.connections.size === 0) return;
    const crowded = this.connections.size > config.awarenessReadOnlyCrowd;
    const audiences = new Audiences(this, clients, headCount);
    let sent = audiences.sendTo(this.writerConns, false);
    if (!crowded) sent += audiences.sendTo(this.readerConns, false);
    if (!crowded) sent += audiences.sendTo(this.viewerConns, true);
    metrics.awarenessOut += sent;
    if (sent > 0) metrics.awarenessBroadcasts++;
    this.forgetGoneViewers(clients);
    const slowReaders =
      crowded &&
      ((audiences.writerNews && this.readerConns.size > 0) ||
        (audiences.viewerNews && this.viewerConns.size > 0));
    if (slowReaders) {
      for (const clientId of clients) this.slowDirty.add(clientId);
      if (headCount) this.slowHeadCountDirty = true;
      this.scheduleSlow();
    }
  }

  private scheduleSlow(): void {
    if (this.slowTimer !== null) return;
    const { scheduler, config } = this.host;
    const delay = Math.max(0, this.lastSlowAt + this.slowPeriod(config) - scheduler.now());
    this.slowTimer = scheduler.setTimeout(() => {
      this.slowTimer = null;
      this.flushSlow();
    }, delay);
  }

  /**
   * The period of the slower broadcast: `awarenessReadOnlyThrottleMs`, or longer when the room's
   * read-only connections would take more than `awarenessReadOnlyFramesPerSecond` frames a second.
   */
  private slowPeriod(config: SyncConfig): number {
    const base = config.awarenessReadOnlyThrottleMs;
    const budget = config.awarenessReadOnlyFramesPerSecond;
    if (budget === 0) return base;
    const readers = this.readerConns.size + this.viewerConns.size;
    const budgeted = Math.min((1000 * readers) / budget, MAX_READ_ONLY_AWARENESS_PERIOD_MS);
    return Math.max(base, budgeted);
  }

  /** The slower broadcast to read-only connections of a crowded room. */
  private flushSlow(): void {
    if (this.slowDirty.size === 0 && !this.slowHeadCountDirty) return;
    const { scheduler, metrics } = this.host;
    this.lastSlowAt = scheduler.now();
    const clients = this.knownClients(this.slowDirty);
    const headCount = this.slowHeadCountDirty;
    this.slowDirty.clear();
    this.slowHeadCountDirty = false;
    const audiences = new Audiences(this, clients, headCount);
    metrics.awarenessOut +=
      audiences.sendTo(this.readerConns, false) + audiences.sendTo(this.viewerConns, true);
    this.forgetGoneViewers(clients);
  }

  /** The frame for writers (every changed client) or for viewers (writers' and the head count). */
  encodeFor(viewer: boolean, clients: readonly number[], headCount: boolean): Uint8Array {
    if (!viewer) return encodeAwarenessFrame(this.awareness, clients, this.raw);
    return encodeAwarenessFrame(
      this.awareness,
      this.writerClients(clients),
      this.raw,
      headCount ? [this.currentHeadCount()] : [],
    );
  }

  /** The ids among `ids` that writers introduced (what viewers receive). */
  writerClients(ids: Iterable<number>): number[] {
    const clients: number[] = [];
    for (const clientId of ids) if (!this.viewerIds.has(clientId)) clients.push(clientId);
    return clients;
  }

  /** Viewers' client ids whose removal has now been broadcast. */
  private forgetGoneViewers(clients: readonly number[]): void {
    for (const clientId of clients) {
      if (this.viewerIds.has(clientId) && !this.awareness.states.has(clientId)) {
        this.viewerIds.delete(clientId);
      }
    }
  }

  /** Client ids the awareness still has metadata for. */
  private knownClients(ids: Set<number>): number[] {
    const clients: number[] = [];
    for (const clientId of ids) if (this.awareness.meta.has(clientId)) clients.push(clientId);
    return clients;
  }
}

/** One broadcast's two frames, each encoded at most once, when a connection of its audience needs it. */
class Audiences {
  private writerFrame: Uint8Array | null = null;
  private viewerFrame: Uint8Array | null = null;
  /** Whether writers (every changed client) and viewers (writers' ones, the head count) have news. */
  readonly writerNews: boolean;
  readonly viewerNews: boolean;

  constructor(
    private readonly presence: RoomAwareness,
    private readonly clients: readonly number[],
    private readonly headCount: boolean,
  ) {
    this.writerNews = clients.length > 0;
    this.viewerNews = headCount || presence.writerClients(clients).length > 0;
  }

  /** Sends every connection of `conns` its audience's frame if there is news; returns how many. */
  sendTo(conns: ReadonlySet<Connection>, viewers: boolean): number {
    if (conns.size === 0 || !(viewers ? this.viewerNews : this.writerNews)) return 0;
    const frame = viewers ? this.viewerFrameOnce() : this.writerFrameOnce();
    let sent = 0;
    // A send may close its connection (slow consumer), which leaves the set: iteration goes on.
    for (const conn of conns) {
      conn.send(frame);
      sent++;
    }
    return sent;
  }

  private writerFrameOnce(): Uint8Array {
    this.writerFrame ??= this.presence.encodeFor(false, this.clients, false);
    return this.writerFrame;
  }

  private viewerFrameOnce(): Uint8Array {
    this.viewerFrame ??= this.presence.encodeFor(true, this.clients, this.headCount);
    return this.viewerFrame;
  }
}

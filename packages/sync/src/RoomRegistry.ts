import { CloseCode } from "@tablecloth/protocol";
import type { DocStore } from "@tablecloth/storage";
import * as Y from "yjs";
import type { BroadcastTick } from "./BroadcastTick";
import type { Connection, ConnectionRoom } from "./Connection";
import type { LogWriter } from "./LogWriter";
import { Room } from "./Room";
import type { RoomHost } from "./RoomHost";
import type { SyncConfig } from "./SyncConfig";
import { SyncError } from "./SyncError";
import type { SyncMetrics } from "./SyncMetrics";
import type { Logger, Scheduler } from "./types";

/** A doc being loaded: connections and server writes waiting for it. */
interface PendingLoad {
  readonly waiting: Set<Connection>;
  /** Server writes waiting; the loaded room keeps that many holds for them. */
  holds: number;
  /** Resolves to the room, or null if the load failed (never rejects). */
  readonly promise: Promise<Room | null>;
}

/** Transaction origin of the stored state applied at load: neither logged nor relayed. */
const LOAD_ORIGIN = Symbol("tablecloth.load");

export interface RoomRegistryOptions {
  readonly store: DocStore;
  readonly config: SyncConfig;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  readonly metrics: SyncMetrics;
  readonly writer: LogWriter;
  readonly tick: BroadcastTick;
  readonly host: RoomHost;
  readonly onLoad: ((docName: string, doc: Y.Doc) => void | Promise<void>) | undefined;
  readonly isShuttingDown: () => boolean;
}

/**
 * The loaded rooms: loads each doc once (concurrent loads merged, connections and server writes
 * waiting on it), hands the room over to its waiters, unloads it `unloadGraceMs` after its last
 * user left (final save first; a newcomer meanwhile reclaims it), and destroys it.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly loads = new Map<string, PendingLoad>();
  private readonly store: DocStore;
  private readonly config: SyncConfig;
  private readonly scheduler: Scheduler;
  private readonly logger: Logger;
  private readonly metrics: SyncMetrics;
  private readonly writer: LogWriter;
  private readonly tick: BroadcastTick;
  private readonly host: RoomHost;
  private readonly onLoad: RoomRegistryOptions["onLoad"];
  private readonly isShuttingDown: () => boolean;

  constructor(options: RoomRegistryOptions) {
    this.store = options.store;
    this.config = options.config;
    this.scheduler = options.scheduler;
    this.logger = options.logger;
    this.metrics = options.metrics;
    this.writer = options.writer;
    this.tick = options.tick;
    this.host = options.host;
    this.onLoad = options.onLoad;
    this.isShuttingDown = options.isShuttingDown;
  }

  /** Puts a new connection in its doc's room, or among the waiters of its load. */
  join(conn: Connection): void {
    const room = this.rooms.get(conn.docName);
    if (room !== undefined) {
      this.reclaim(room);
      room.attach(conn);
      return;
    }
    const load = this.loads.get(conn.docName) ?? this.startLoad(conn.docName);
    if (load === null) {
      this.host.close(conn, CloseCode.Overloaded, "too many pending loads");
      return;
    }
    load.waiting.add(conn);
  }

  /** A connection waiting for its doc's load closed. */
  leaveLoad(conn: Connection): void {
    this.loads.get(conn.docName)?.waiting.delete(conn);
  }

  /** A connection left `room` (already detached from it): unload it once nobody uses it. */
  left(room: ConnectionRoom): void {
    const loaded = this.rooms.get(room.docName);
    // An open connection's room is loaded until destroyed, and a destroyed room is unloaded.
    if (loaded === room) this.maybeUnload(loaded);
  }

  /** Gives back a hold taken by `hold`. */
  release(room: Room): void {
    room.holds--;
    this.maybeUnload(room);
  }

  /** Whether `docName` is in memory (ready, or finishing its final save). */
  isLoaded(docName: string): boolean {
    return this.rooms.has(docName);
  }

  /** Names of the docs in memory. */
  loadedDocNames(): string[] {
    return [...this.rooms.keys()];
  }

  /** The room of `docName` if it is in memory. */
  loaded(docName: string): Room | undefined {
    return this.rooms.get(docName);
  }

  /** The full state of a loaded doc for a checkpoint, or null. */
  checkpointState(docName: string): Uint8Array | null {
    return this.rooms.get(docName)?.checkpointState() ?? null;
  }

  /** Resolves when every load running now has ended. */
  async settleLoads(): Promise<void> {
    await Promise.all([...this.loads.values()].map((load) => load.promise));
  }

  /** Destroys every loaded room (shutdown, after the final save). */
  destroyAll(): void {
    for (const room of [...this.rooms.values()]) this.destroy(room);
  }

  /** Starts loading `docName`, or returns null when `maxPendingLoads` loads are running. */
  private startLoad(docName: string): PendingLoad | null {
    if (this.loads.size >= this.config.maxPendingLoads) return null;
    const waiting = new Set<Connection>();
    const load: PendingLoad = { waiting, holds: 0, promise: this.load(docName, () => load) };
    this.loads.set(docName, load);
    this.metrics.pendingLoads = this.loads.size;
    return load;
  }

  private async load(docName: string, self: () => PendingLoad): Promise<Room | null> {
    // Let startLoad register the load before anything can resolve.
    await Promise.resolve();
    const load = self();
    let room: Room | null = null;
    try {
      // Updates of this doc not yet durable (it was unloaded while appends failed), taken before
      // the read: each is then either in what the store returns or in this list (or both, which
      // Yjs ignores), whenever the append in flight commits.
      const pending = this.writer.pendingUpdates(docName);
      const stored = await this.store.load(docName);
      const usage = await this.store.usage(docName);
      const doc = new Y.Doc();
      let bytes = 0;
      doc.transact(() => {
        if (stored.checkpoint !== null) {
          Y.applyUpdate(doc, stored.checkpoint);
          bytes += stored.checkpoint.byteLength;
        }
        if (stored.updates.length > 0) {
          const tail =
            stored.updates.length === 1 ? stored.updates[0]! : Y.mergeUpdates(stored.updates);
          Y.applyUpdate(doc, tail);
          bytes += tail.byteLength;
        }
        for (const update of pending) {
          Y.applyUpdate(doc, update);
          bytes += update.byteLength;
        }
      }, LOAD_ORIGIN);
      if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
        // Nothing the engine logs can produce this (pending structs are never logged), and left
        // in place it would block checkpoints and be blamed on the next writer: drop it.
        this.logger.warn("stored doc has updates with missing dependencies; dropped", { docName });
        doc.store.pendingStructs = null;
        doc.store.pendingDs = null;
      }
      room = new Room(docName, doc, bytes, this.host);
      const onLoad = this.onLoad;
      const migrations = onLoad === undefined ? [] : await room.collect(() => onLoad(docName, doc));
      this.writer.track(docName, stored.updates.length, usage.logBytes);
      for (const entry of migrations) this.writer.enqueue(entry);
    } catch (err) {
      this.metrics.loadFailures++;
      this.logger.error("doc load failed", {
        docName,
        error: err instanceof Error ? err.message : String(err),
      });
      room?.destroy();
      this.loads.delete(docName);
      this.metrics.pendingLoads = this.loads.size;
      for (const conn of [...load.waiting])
        this.host.close(conn, CloseCode.InternalError, "load failed");
      return null;
    }
    this.loads.delete(docName);
    this.metrics.pendingLoads = this.loads.size;
    this.rooms.set(docName, room);
    this.metrics.loads++;
    this.logger.debug("doc loaded", { docName });
    this.metrics.loadedDocs = this.rooms.size;
    room.holds += load.holds;
    for (const conn of load.waiting) {
      const state = conn.state;
      if (state.kind !== "pending") continue;
      // A held frame of an earlier waiter may have closed it and started the unload already.
      this.reclaim(room);
      room.attach(conn);
      for (const message of state.held) {
        if (conn.state.kind !== "open") break;
        try {
          room.handle(conn, message);
        } catch (err) {
          this.host.fail(conn, err);
        }
      }
    }
    load.waiting.clear();
    this.maybeUnload(room);
    return room;
  }

  /** The ready room of `docName` with one hold taken, loading it if needed (see `release`). */
  async hold(docName: string): Promise<Room> {
    if (this.isShuttingDown()) throw new SyncError(CloseCode.GoingAway, "shutting down");
    const ready = this.rooms.get(docName);
    if (ready !== undefined) {
      this.reclaim(ready);
      ready.holds++;
      return ready;
    }
    const load = this.loads.get(docName) ?? this.startLoad(docName);
    if (load === null) throw new SyncError(CloseCode.Overloaded, "too many pending loads");
    load.holds++;
    const room = await load.promise;
    if (room === null)
      throw new SyncError(CloseCode.InternalError, `doc ${docName} failed to load`);
    return room;
  }

  /** A newcomer reclaims a room in its grace period or final save. */
  private reclaim(room: Room): void {
    const state = room.state;
    switch (state.kind) {
      case "ready":
        if (state.graceTimer !== null) {
          this.scheduler.clearTimeout(state.graceTimer);
          state.graceTimer = null;
        }
        return;
      case "unloading":
        if (state.retryTimer !== null) this.scheduler.clearTimeout(state.retryTimer);
        room.state = { kind: "ready", graceTimer: null };
        this.metrics.revivals++;
        return;
      case "unloaded":
        throw new Error(`room ${room.docName} used after unload`);
      default:
        assertNever(state);
    }
  }

  /** Starts the grace period when nobody uses the room any more. */
  private maybeUnload(room: Room): void {
    const state = room.state;
    if (state.kind !== "ready" || state.graceTimer !== null) return;
    if (room.connections.size > 0 || room.holds > 0 || this.isShuttingDown()) return;
    if (this.config.unloadGraceMs === 0) {
      this.unload(room);
      return;
    }
    state.graceTimer = this.scheduler.setTimeout(() => {
      state.graceTimer = null;
      if (room.state === state) this.unload(room);
    }, this.config.unloadGraceMs);
  }

  private unload(room: Room): void {
    room.state = { kind: "unloading", retryTimer: null };
    void this.finishUnload(room);
  }

  /**
   * Final save, then destroy; a newcomer during the save reclaims the room instead. A failed save
   * does not keep the room: its entries stay queued in the writer (retried until the store takes
   * them, bounded by `maxLogBacklogBytes`), and a reload applies them on top of the stored state.
   */
  private async finishUnload(room: Room): Promise<void> {
    try {
      await this.writer.flush();
    } catch {
      // Logged by the writer, which keeps the entries and retries them.
    }
    const state = room.state;
    if (state.kind !== "unloading" || this.isShuttingDown()) return;
    this.destroy(room);
  }

  /**
   * Drops a loaded doc without saving it (another instance owns it now, and this one's unsaved
   * entries were dropped: keeping its in-memory state could later log updates that depend on
   * them). Its connections must have been closed.
   */
  discard(docName: string): void {
    const room = this.rooms.get(docName);
    if (room !== undefined) this.destroy(room);
  }

  /** Unloads `room` now (shutdown; the final save ran already). */
  destroy(room: Room): void {
    const state = room.state;
    if (state.kind === "unloaded") return;
    if (state.kind === "ready" && state.graceTimer !== null) {
      this.scheduler.clearTimeout(state.graceTimer);
    }
    if (state.kind === "unloading" && state.retryTimer !== null) {
      this.scheduler.clearTimeout(state.retryTimer);
    }
    room.state = { kind: "unloaded" };
    this.rooms.delete(room.docName);
    this.tick.forget(room);
    room.destroy();
    this.writer.forget(room.docName);
    this.metrics.unloads++;
    this.metrics.loadedDocs = this.rooms.size;
    this.logger.debug("doc unloaded", { docName: room.docName });
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected state ${JSON.stringify(value)}`);
}

import { CloseCode, closeReason, isValidDocName } from "@tablecloth/protocol";
import type { DocStore, LogEntryInput } from "@tablecloth/storage";
import * as Y from "yjs";
import { Connection, type SyncConnection } from "./Connection";
import { decodeMessage } from "./decodeMessage";
import { LogWriter } from "./LogWriter";
import { RateLimiter } from "./RateLimiter";
import { Room, type RoomHost } from "./Room";
import { realScheduler } from "./realScheduler";
import { resolveSyncConfig, type SyncConfig } from "./SyncConfig";
import { SyncError } from "./SyncError";
import { createSyncMetrics, type SyncMetrics } from "./SyncMetrics";
import { silentLogger } from "./silentLogger";
import type { ConnectionContext, Logger, Scheduler, SyncSocket, TimerHandle } from "./types";

export interface SyncServerOptions {
  store: DocStore;
  config?: Partial<SyncConfig>;
  scheduler?: Scheduler;
  logger?: Logger;
  /**
   * Runs once per load, after the stored state is in the doc and before any client sees it (e.g.
   * tldraw schema migrations). Its changes are logged with author `"system"`. If it throws, the
   * load fails: waiting connections close with InternalError and none of its changes is stored.
   */
  onLoad?: (docName: string, doc: Y.Doc) => void | Promise<void>;
}

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

/**
 * The room engine: speaks y-websocket protocol v1 over any `SyncSocket`, loads each doc once from
 * a `DocStore`, relays updates and awareness, appends every accepted update to the log, and
 * unloads idle docs. Knows nothing about HTTP, `ws` or SQL.
 */
export class SyncServer {
  readonly metrics: SyncMetrics = createSyncMetrics();
  readonly config: SyncConfig;

  private readonly store: DocStore;
  private readonly scheduler: Scheduler;
  private readonly logger: Logger;
  private readonly onLoad: SyncServerOptions["onLoad"];
  private readonly rooms = new Map<string, Room>();
  private readonly loads = new Map<string, PendingLoad>();
  private readonly connections = new Set<Connection>();
  private readonly writer: LogWriter;
  private readonly limiter: RateLimiter;
  private readonly host: RoomHost;
  private readonly dirtyRooms = new Set<Room>();
  private tickTimer: TimerHandle | null = null;
  private shuttingDown = false;

  constructor(options: SyncServerOptions) {
    this.config = resolveSyncConfig(options.config);
    this.store = options.store;
    this.scheduler = options.scheduler ?? realScheduler;
    this.logger = options.logger ?? silentLogger;
    this.onLoad = options.onLoad;
    this.limiter = new RateLimiter(this.config.messagesPerSecond, this.config.messageBurst, () =>
      this.scheduler.now(),
    );
    this.writer = new LogWriter({
      store: this.store,
      scheduler: this.scheduler,
      logger: this.logger,
      metrics: this.metrics,
      flushMs: this.config.persistFlushMs,
      checkpointEvery: this.config.checkpointEvery,
      maxBacklogBytes: this.config.maxLogBacklogBytes,
      retryMs: this.config.logRetryMs,
      maxDocHistoryBytes: this.config.maxDocHistoryBytes,
      checkpointState: (docName) => this.rooms.get(docName)?.checkpointState() ?? null,
    });
    this.host = {
      metrics: this.metrics,
      maxBufferedBytes: this.config.maxBufferedBytes,
      config: this.config,
      scheduler: this.scheduler,
      logger: this.logger,
      close: (conn, code, detail) => this.close(conn, code, detail),
      receive: (conn, data) => this.receive(conn, data),
      transportClosed: (conn) => this.transportClosed(conn),
      endBatch: (conn) => {
        if (conn.state.kind !== "open") return;
        const room = conn.state.room;
        room.applyHeld();
        this.settleBroadcast(room);
      },
      fail: (conn, err) => this.fail(conn, err),
      enqueueLog: (entry: LogEntryInput) => this.writer.enqueue(entry),
      admitLog: (docName, bytes) => this.writer.admit(docName, bytes),
      scheduleBroadcast: (room) => this.scheduleBroadcast(room),
    };
  }

  /**
   * Accepts a socket for `docName`. Our sync step 1 goes out once the stored state is in the doc;
   * frames received before that are held and processed in order.
   */
  connect(docName: string, socket: SyncSocket, context: ConnectionContext): SyncConnection {
    const conn = new Connection(docName, socket, context, this.host);
    const handle: SyncConnection = conn;
    this.connections.add(conn);
    this.metrics.connections++;
    this.metrics.connectionsTotal++;
    this.limiter.acquire(context.userId);
    if (this.shuttingDown) {
      this.close(conn, CloseCode.GoingAway, "shutting down");
      return handle;
    }
    if (!isValidDocName(docName)) {
      this.close(conn, CloseCode.DocNotFound, "invalid doc name");
      return handle;
    }
    const room = this.rooms.get(docName);
    if (room !== undefined) {
      this.reclaim(room);
      room.attach(conn);
      return handle;
    }
    const load = this.loads.get(docName) ?? this.startLoad(docName);
    if (load === null) {
      this.close(conn, CloseCode.Overloaded, "too many pending loads");
      return handle;
    }
    load.waiting.add(conn);
    return handle;
  }

  /** Closes every connection matching `predicate` (e.g. a revoked participant); returns how many. */
  closeConnections(
    predicate: (docName: string, context: ConnectionContext) => boolean,
    code: CloseCode,
  ): number {
    let closed = 0;
    for (const conn of [...this.connections]) {
      if (predicate(conn.docName, conn.context)) {
        this.close(conn, code, "closed by server");
        closed++;
      }
    }
    return closed;
  }

  /**
   * A server-side write: loads the doc if needed, runs `fn` in one transaction whose update is
   * logged with `author`, relayed and stored like a client's. Rejects with a `SyncError` when the
   * doc cannot be loaded or the server is shutting down.
   */
  async transact(docName: string, author: string, fn: (doc: Y.Doc) => void): Promise<void> {
    const room = await this.hold(docName);
    try {
      room.transact(author, fn);
      this.metrics.serverWrites++;
    } finally {
      room.holds--;
      this.maybeUnload(room);
    }
  }

  /**
   * A server-side read: loads the doc if needed and returns what `fn` computes from it. `fn` must
   * not change the doc (use `transact`); it is neither logged, relayed nor counted as a write.
   * Rejects with a `SyncError` when the doc cannot be loaded or the server is shutting down.
   */
  async read<T>(docName: string, fn: (doc: Y.Doc) => T): Promise<T> {
    const room = await this.hold(docName);
    try {
      return room.read(fn);
    } finally {
      room.holds--;
      this.maybeUnload(room);
    }
  }

  /** Whether `docName` is in memory (ready, or finishing its final save). */
  isLoaded(docName: string): boolean {
    return this.rooms.has(docName);
  }

  /** Names of the docs in memory. */
  loadedDocNames(): string[] {
    return [...this.rooms.keys()];
  }

  /**
   * Why persistence is unhealthy (the log cannot be written, or its backlog is full), or null.
   * `/healthz` fails while it is not null; the server recovers by itself once appends succeed.
   */
  persistenceTrouble(): string | null {
    return this.writer.trouble();
  }

  /** Resolves when every update accepted so far is durable; rejects with the store's error. */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  /**
   * Closes every connection with GoingAway, stores everything, unloads every doc. Rejects (after
   * unloading) if the final append failed.
   */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    for (const conn of [...this.connections])
      this.close(conn, CloseCode.GoingAway, "shutting down");
    await Promise.all([...this.loads.values()].map((load) => load.promise));
    if (this.tickTimer !== null) this.scheduler.clearTimeout(this.tickTimer);
    this.tickTimer = null;
    this.dirtyRooms.clear();
    this.writer.stop();
    try {
      await this.writer.flush();
    } finally {
      for (const room of [...this.rooms.values()]) this.destroy(room);
    }
  }

  private receive(conn: Connection, data: Uint8Array | string): void {
    if (conn.state.kind === "closed") return;
    try {
      if (typeof data === "string") throw new SyncError(CloseCode.BadMessage, "text frame");
      this.metrics.messagesIn++;
      this.metrics.bytesIn += data.byteLength;
      if (data.byteLength > this.config.maxFrameBytes) {
        throw new SyncError(CloseCode.TooLarge, "frame over maxFrameBytes");
      }
      if (!this.limiter.take(conn.context.userId)) {
        throw new SyncError(CloseCode.RateLimited, "over messagesPerSecond");
      }
      const message = decodeMessage(data);
      const state = conn.state;
      switch (state.kind) {
        case "pending":
          state.heldBytes += data.byteLength;
          if (state.heldBytes > this.config.maxHeldBytes) {
            throw new SyncError(CloseCode.TooLarge, "held frames over maxHeldBytes");
          }
          state.held.push(message);
          return;
        case "open":
          state.room.handle(conn, message);
          return;
        default:
          assertNever(state);
      }
    } catch (err) {
      this.fail(conn, err);
    }
  }

  private fail(conn: Connection, err: unknown): void {
    if (err instanceof SyncError) {
      this.close(conn, err.code, err.message);
      return;
    }
    this.logger.error("connection failed", {
      docName: conn.docName,
      userId: conn.context.userId,
      error: err instanceof Error ? err.message : String(err),
    });
    this.close(conn, CloseCode.InternalError, "internal error");
  }

  private close(conn: Connection, code: CloseCode, detail: string): void {
    if (conn.state.kind === "closed") return;
    this.metrics.closesByCode[code] = (this.metrics.closesByCode[code] ?? 0) + 1;
    if (code !== CloseCode.GoingAway && code !== CloseCode.Normal) {
      this.logger.info("closing connection", {
        docName: conn.docName,
        userId: conn.context.userId,
        code,
        detail,
      });
    }
    this.detach(conn);
    try {
      conn.socket.close(code, closeReason[code]);
    } catch (err) {
      this.logger.warn("socket close threw", {
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }

  private transportClosed(conn: Connection): void {
    this.detach(conn);
  }

  /** Marks a connection closed and removes it from its room or pending load (every path). */
  private detach(conn: Connection): void {
    // Its held updates arrived before the close: apply them first (this may close it already).
    if (conn.state.kind === "open") conn.state.room.applyHeld();
    const state = conn.state;
    if (state.kind === "closed") return;
    conn.state = { kind: "closed" };
    this.connections.delete(conn);
    this.metrics.connections--;
    this.limiter.release(conn.context.userId);
    switch (state.kind) {
      case "pending":
        this.loads.get(conn.docName)?.waiting.delete(conn);
        return;
      case "open":
        state.room.detach(conn);
        this.maybeUnload(state.room);
        return;
      default:
        assertNever(state);
    }
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
        this.close(conn, CloseCode.InternalError, "load failed");
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
          this.fail(conn, err);
        }
      }
    }
    load.waiting.clear();
    this.maybeUnload(room);
    return room;
  }

  /** The ready room of `docName` with one hold taken, loading it if needed. */
  private async hold(docName: string): Promise<Room> {
    if (this.shuttingDown) throw new SyncError(CloseCode.GoingAway, "shutting down");
    if (!isValidDocName(docName)) throw new SyncError(CloseCode.DocNotFound, "invalid doc name");
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
    if (room.connections.size > 0 || room.holds > 0 || this.shuttingDown) return;
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
    if (state.kind !== "unloading" || this.shuttingDown) return;
    this.destroy(room);
  }

  private destroy(room: Room): void {
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
    this.dirtyRooms.delete(room);
    room.destroy();
    this.writer.forget(room.docName);
    this.metrics.unloads++;
    this.metrics.loadedDocs = this.rooms.size;
    this.logger.debug("doc unloaded", { docName: room.docName });
  }

  private scheduleBroadcast(room: Room): void {
    this.dirtyRooms.add(room);
    if (this.tickTimer !== null) return;
    this.tickTimer = this.scheduler.setTimeout(() => this.tick(), 0);
  }

  /**
   * Takes `room` off the next tick once it has nothing left to send, and cancels the tick when no
   * room needs it: a batch that ended (and relayed at once) would otherwise leave a timer behind
   * that wakes the loop a moment later for nothing, once per TCP read.
   */
  private settleBroadcast(room: Room): void {
    if (room.hasUnsent() || !this.dirtyRooms.delete(room)) return;
    if (this.dirtyRooms.size === 0 && this.tickTimer !== null) {
      this.scheduler.clearTimeout(this.tickTimer);
      this.tickTimer = null;
    }
  }

  /** Sends each dirty room's batched updates (one tick's worth). */
  private tick(): void {
    this.tickTimer = null;
    const rooms = [...this.dirtyRooms];
    this.dirtyRooms.clear();
    for (const room of rooms) {
      try {
        room.flushBroadcast();
      } catch (err) {
        this.logger.error("broadcast failed", {
          docName: room.docName,
          error: err instanceof Error ? err.message : String(err),
        });
      }
    }
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected state ${JSON.stringify(value)}`);
}

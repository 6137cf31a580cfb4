import { CloseCode, closeReason, isValidDocName } from "@tablecloth/protocol";
import type { DocStore, LogEntryInput } from "@tablecloth/storage";
import type * as Y from "yjs";
import { BroadcastTick } from "./BroadcastTick";
import { Connection, type SyncConnection } from "./Connection";
import { decodeMessage } from "./decodeMessage";
import { LogWriter } from "./LogWriter";
import { RateLimiter } from "./RateLimiter";
import type { RoomHost } from "./RoomHost";
import { RoomRegistry } from "./RoomRegistry";
import { realScheduler } from "./realScheduler";
import { resolveSyncConfig, type SyncConfig } from "./SyncConfig";
import { SyncError } from "./SyncError";
import { createSyncMetrics, type SyncMetrics } from "./SyncMetrics";
import { silentLogger } from "./silentLogger";
import type { ConnectionContext, Logger, Scheduler, SyncSocket } from "./types";

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

/**
 * The room engine: speaks y-websocket protocol v1 over any `SyncSocket`, loads each doc once from
 * a `DocStore`, relays updates and awareness, appends every accepted update to the log, and
 * unloads idle docs. Knows nothing about HTTP, `ws` or SQL.
 */
export class SyncServer {
  readonly metrics: SyncMetrics = createSyncMetrics();
  readonly config: SyncConfig;

  private readonly scheduler: Scheduler;
  private readonly logger: Logger;
  private readonly connections = new Set<Connection>();
  private readonly writer: LogWriter;
  private readonly limiter: RateLimiter;
  private readonly host: RoomHost;
  private readonly tick: BroadcastTick;
  private readonly rooms: RoomRegistry;
  private shuttingDown = false;

  constructor(options: SyncServerOptions) {
    this.config = resolveSyncConfig(options.config);
    this.scheduler = options.scheduler ?? realScheduler;
    this.logger = options.logger ?? silentLogger;
    this.tick = new BroadcastTick(this.scheduler, this.logger);
    this.limiter = new RateLimiter(this.config.messagesPerSecond, this.config.messageBurst, () =>
      this.scheduler.now(),
    );
    this.writer = new LogWriter({
      store: options.store,
      scheduler: this.scheduler,
      logger: this.logger,
      metrics: this.metrics,
      flushMs: this.config.persistFlushMs,
      checkpointEvery: this.config.checkpointEvery,
      maxBacklogBytes: this.config.maxLogBacklogBytes,
      retryMs: this.config.logRetryMs,
      maxDocHistoryBytes: this.config.maxDocHistoryBytes,
      checkpointState: (docName) => this.rooms.checkpointState(docName),
      onFenced: (docNames) => {
        const fenced = new Set(docNames);
        this.evict((docName) => fenced.has(docName));
      },
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
        this.tick.settle(room);
      },
      fail: (conn, err) => this.fail(conn, err),
      enqueueLog: (entry: LogEntryInput) => this.writer.enqueue(entry),
      admitLog: (docName, bytes) => this.writer.admit(docName, bytes),
      scheduleBroadcast: (room, withinMs) => this.tick.schedule(room, withinMs),
    };
    this.rooms = new RoomRegistry({
      store: options.store,
      config: this.config,
      scheduler: this.scheduler,
      logger: this.logger,
      metrics: this.metrics,
      writer: this.writer,
      tick: this.tick,
      host: this.host,
      onLoad: options.onLoad,
      isShuttingDown: () => this.shuttingDown,
    });
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
    try {
      checkDocName(docName);
    } catch (err) {
      this.fail(conn, err);
      return handle;
    }
    this.rooms.join(conn);
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
   * Calls `visit` with the doc name and context of every connection not yet closed (open, or
   * waiting for its doc to load): e.g. who has any socket at all to an event's docs.
   */
  forEachConnection(visit: (docName: string, context: ConnectionContext) => void): void {
    for (const conn of this.connections) visit(conn.docName, conn.context);
  }

  /**
   * Stamps the awareness states of every loaded doc `select` picks again from their connections'
   * contexts as they are now, and broadcasts those that changed: for a context whose `name` is a
   * getter that changed (anonymous mode), so connections already open show the new name at once.
   * Returns how many states changed.
   */
  restampAwareness(select: (docName: string) => boolean): number {
    let changed = 0;
    for (const docName of this.rooms.loadedDocNames()) {
      if (select(docName)) changed += this.rooms.loaded(docName)?.restampAwareness() ?? 0;
    }
    return changed;
  }

  /**
   * A server-side write: loads the doc if needed, runs `fn` in one transaction whose update is
   * logged with `author`, relayed and stored like a client's. Rejects with a `SyncError` when the
   * doc cannot be loaded or the server is shutting down.
   */
  async transact(docName: string, author: string, fn: (doc: Y.Doc) => void): Promise<void> {
    checkDocName(docName);
    const room = await this.rooms.hold(docName);
    try {
      room.transact(author, fn);
      this.metrics.serverWrites++;
    } finally {
      this.rooms.release(room);
    }
  }

  /**
   * A server-side read: loads the doc if needed and returns what `fn` computes from it. `fn` must
   * not change the doc (use `transact`); it is neither logged, relayed nor counted as a write.
   * Rejects with a `SyncError` when the doc cannot be loaded or the server is shutting down.
   */
  async read<T>(docName: string, fn: (doc: Y.Doc) => T): Promise<T> {
    checkDocName(docName);
    const room = await this.rooms.hold(docName);
    try {
      return room.read(fn);
    } finally {
      this.rooms.release(room);
    }
  }

  /** Whether `docName` is in memory (ready, or finishing its final save). */
  isLoaded(docName: string): boolean {
    return this.rooms.isLoaded(docName);
  }

  /** Names of the docs in memory. */
  loadedDocNames(): string[] {
    return this.rooms.loadedDocNames();
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
   * For docs another instance owns now: sends away every client of the docs `select` picks with
   * GoingAway (the stock client reconnects, and is routed to the owner), and drops their loaded
   * state without saving (the store refuses this instance's writes to them). Returns how many
   * connections were closed.
   */
  evict(select: (docName: string) => boolean): number {
    let closed = 0;
    for (const conn of [...this.connections]) {
      if (!select(conn.docName)) continue;
      this.close(conn, CloseCode.GoingAway, "doc moved to another instance");
      closed++;
    }
    for (const docName of this.rooms.loadedDocNames()) {
      if (select(docName)) this.rooms.discard(docName);
    }
    return closed;
  }

  /**
   * Closes every connection with GoingAway, stores everything, unloads every doc. Rejects (after
   * unloading) if the final append failed.
   */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    for (const conn of [...this.connections])
      this.close(conn, CloseCode.GoingAway, "shutting down");
    await this.rooms.settleLoads();
    this.tick.stop();
    this.writer.stop();
    try {
      await this.writer.flush();
    } finally {
      this.rooms.destroyAll();
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
        this.rooms.leaveLoad(conn);
        return;
      case "open":
        state.room.detach(conn);
        this.rooms.left(state.room);
        return;
      default:
        assertNever(state);
    }
  }
}

/** The engine's one doc-name check, at its edges (`connect`, `transact`, `read`). */
function checkDocName(docName: string): void {
  if (!isValidDocName(docName)) throw new SyncError(CloseCode.DocNotFound, "invalid doc name");
}

function assertNever(value: never): never {
  throw new Error(`unexpected state ${JSON.stringify(value)}`);
}

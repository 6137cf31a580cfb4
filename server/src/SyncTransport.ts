// Over 400 lines on purpose: the sync transport's door (upgrade, authorisation, heartbeat,
// shutdown) in one class; each part is short and they share the socket registry.
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { CloseCode, closeReason, isValidDocName } from "@tablecloth/protocol";
import type { ConnectionContext, Logger, SyncConnection, SyncServer } from "@tablecloth/sync";
import type { DocAccess } from "./DocAccess";
import { SyncWebSocket } from "./SyncWebSocket";
import { checkHandshake } from "./websocket/acceptUpgrade";
import { createSocketLayer } from "./websocket/createSocketLayer";
import type {
  SocketLayer,
  SocketLayerName,
  WireSocket,
  WireSocketHandler,
} from "./websocket/WireSocket";

/**
 * The heartbeat visits its sockets in this many slices per period, one slice per tick, so that
 * 4,000 sockets are never checked (and pinged) in one run of the event loop: a 100 ms stall in
 * the middle of a café rotation, measured, when they were.
 */
export const HEARTBEAT_SLICES = 10;

/** The URL prefix of sync sockets: `/sync/:docName?token=…`. */
export const SYNC_PATH_PREFIX = "/sync/";

/** How long shutdown waits for clients to answer our close frame before dropping them. */
export const TRANSPORT_CLOSE_GRACE_MS = 1_000;

export interface SyncTransportOptions {
  syncServer: SyncServer;
  docAccess: DocAccess;
  logger: Logger;
  /**
   * The WebSocket layer's hard cap on a message (see `ServerConfig.maxPayloadBytes`): a larger
   * one is refused from its frame header, with the final close code 4413, before it is buffered.
   */
  maxPayloadBytes: number;
  /**
   * Heartbeat period: each socket is checked once per period; one silent for a whole period is
   * pinged, and dropped if still silent a period later. 0 disables.
   */
  heartbeatMs: number;
  /** Upgrades waiting for `DocAccess` at once; more get HTTP 503 (the client retries). */
  maxPendingUpgrades: number;
  /** Whether the request's `Origin` may open a sync socket (`createOriginPolicy`); else HTTP 403. */
  allowOrigin?: (req: IncomingMessage) => boolean;
  /**
   * In a cluster: hands the upgrade to the doc's owner instance when that is not this one
   * (resolves true: the socket is taken), or resolves false to serve it here.
   */
  routeUpgrade?: (
    docName: string,
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ) => Promise<boolean>;
  /** Which RFC 6455 implementation speaks to clients (`TABLECLOTH_SOCKET_LAYER`); `builtin` if unset. */
  socketLayer?: SocketLayerName;
}

/** Counters of the socket layer, read by `/metrics`. */
export interface TransportMetrics {
  /** Sockets open now (accepted and not yet closed). */
  openSockets: number;
  /** Sockets handed to the room engine since start. */
  acceptedTotal: number;
  /** Upgrades refused, by close code or HTTP status (e.g. `4401`, `http_404`). */
  refusedTotal: Map<string, number>;
  /** Sockets dropped because they stopped answering pings. */
  heartbeatTimeouts: number;
}

const HTTP_STATUS_TEXT: Readonly<Record<number, string>> = {
  400: "Bad Request",
  404: "Not Found",
  405: "Method Not Allowed",
  426: "Upgrade Required",
  403: "Forbidden",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/**
 * Answers a raw upgrade request with a plain HTTP error and drops the socket. `headers`: extra
 * header lines, each ending in CRLF; `reason` follows the status text in the body.
 */
function rejectHttp(socket: Duplex, status: number, headers = "", reason?: string): void {
  if (socket.writable) {
    const text = HTTP_STATUS_TEXT[status] ?? "Error";
    const body = reason === undefined ? text : `${text}: ${reason}`;
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\n${headers}Content-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * The first `token` parameter of the query starting at `start`, decoded as `URLSearchParams`
 * would, without parsing the rest (a URLSearchParams per upgrade showed in the herd profile).
 */
export function tokenParam(url: string, start: number): string | null {
  let at = start;
  while (at < url.length) {
    const end = url.indexOf("&", at);
    const stop = end === -1 ? url.length : end;
    if (url.startsWith("token=", at)) {
      const raw = url.slice(at + 6, stop);
      if (!/[%+]/.test(raw)) return raw;
      try {
        return decodeURIComponent(raw.replace(/\+/g, " "));
      } catch {
        return new URLSearchParams(url.slice(at, stop)).get("token");
      }
    }
    at = stop + 1;
  }
  return null;
}

/** Shared so an upgrade does not allocate a closure for it. */
function destroyOnError(this: Duplex): void {
  this.destroy();
}

/**
 * The WebSocket side of the server: listens on the node HTTP server's `upgrade` event (no Hono on
 * this path), routes `/sync/:docName?token=…`, asks `DocAccess`, and hands accepted sockets to the
 * room engine. Refusals after the upgrade close with 4401/4403/4404 (final for the stock client);
 * paths that are not sync sockets get HTTP 404 before any upgrade.
 */
export class SyncTransport {
  readonly metrics: TransportMetrics = {
    openSockets: 0,
    acceptedTotal: 0,
    refusedTotal: new Map(),
    heartbeatTimeouts: 0,
  };
  /** Which RFC 6455 implementation speaks to clients. */
  readonly socketLayer: SocketLayerName;
  private readonly layer: SocketLayer;
  private readonly syncServer: SyncServer;
  private readonly docAccess: DocAccess;
  private readonly logger: Logger;
  private readonly maxPendingUpgrades: number;
  private readonly allowOrigin: ((req: IncomingMessage) => boolean) | undefined;
  private readonly routeUpgrade: SyncTransportOptions["routeUpgrade"];
  /** Refused sockets still in their closing handshake. */
  private readonly refusing = new Set<WireSocket>();
  /** The handler of every refused socket: only its end matters. */
  private readonly refusalHandler: WireSocketHandler = {
    onReadStart: () => {},
    onMessage: () => {},
    onPong: () => {},
    onReadEnd: () => {},
    onClose: (_code, ws) => {
      this.refusing.delete(ws);
    },
  };
  private readonly heartbeat: ReturnType<typeof setInterval> | null;
  /** Accepted sockets (each in one slice), by heartbeat slice; one slice is checked per tick. */
  private readonly slices: Set<SyncWebSocket>[] = Array.from(
    { length: HEARTBEAT_SLICES },
    () => new Set(),
  );
  private nextSlice = 0;
  private sweepAt = 0;
  private pendingUpgrades = 0;
  private accepting = true;
  private server: Server | null = null;

  constructor(options: SyncTransportOptions) {
    this.syncServer = options.syncServer;
    this.docAccess = options.docAccess;
    this.logger = options.logger;
    this.maxPendingUpgrades = options.maxPendingUpgrades;
    this.allowOrigin = options.allowOrigin;
    this.routeUpgrade = options.routeUpgrade;
    this.socketLayer = options.socketLayer ?? "builtin";
    this.layer = createSocketLayer(this.socketLayer, options.maxPayloadBytes);
    this.heartbeat =
      options.heartbeatMs > 0
        ? setInterval(
            () => this.checkHeartbeats(),
            Math.max(1, Math.round(options.heartbeatMs / HEARTBEAT_SLICES)),
          )
        : null;
    this.heartbeat?.unref();
  }

  /** Starts handling upgrades of `server`. */
  attach(server: Server): void {
    this.server = server;
    server.on("upgrade", this.onUpgrade);
  }

  /**
   * Stops accepting new sockets: upgrades get HTTP 503 (the client retries elsewhere or later),
   * and those whose access check is in flight are closed with GoingAway.
   */
  stopAccepting(): void {
    this.accepting = false;
  }

  /**
   * Stops accepting, gives sockets still in their closing handshake (the engine closed them with
   * GoingAway on shutdown) up to `graceMs` to finish so clients see the code, then drops whatever
   * is left.
   */
  async close(graceMs = TRANSPORT_CLOSE_GRACE_MS): Promise<void> {
    this.stopAccepting();
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    const closing = [
      ...this.slices.flatMap((slice) => [...slice].map((socket) => socket.closedPromise())),
      ...[...this.refusing].map((ws) => ws.whenClosed()),
    ];
    if (closing.length > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.all(closing),
        new Promise((resolve) => {
          timer = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(timer);
    }
    for (const slice of this.slices) for (const socket of slice) socket.terminate();
    for (const ws of this.refusing) ws.terminate();
    this.server?.off("upgrade", this.onUpgrade);
    this.server = null;
  }

  /**
   * Checks the next slice of sockets: drops those that did not answer their ping (dead Wi-Fi,
   * closed laptop lids), pings those that went silent.
   */
  private checkHeartbeats(): void {
    const slice = this.slices[this.sweepAt];
    this.sweepAt = (this.sweepAt + 1) % HEARTBEAT_SLICES;
    if (slice === undefined) return;
    for (const socket of slice) {
      if (socket.checkAlive()) continue;
      this.metrics.heartbeatTimeouts++;
    }
  }

  private refuse(key: string): void {
    this.metrics.refusedTotal.set(key, (this.metrics.refusedTotal.get(key) ?? 0) + 1);
  }

  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on("error", destroyOnError);
    const url = req.url ?? "";
    if (!url.startsWith(SYNC_PATH_PREFIX)) {
      this.refuse("http_404");
      rejectHttp(socket, 404);
      return;
    }
    if (!this.accepting) {
      this.refuse("http_503");
      rejectHttp(socket, 503);
      return;
    }
    if (this.allowOrigin !== undefined && !this.allowOrigin(req)) {
      this.refuse("http_403");
      rejectHttp(socket, 403, "", "this page's origin may not open sync sockets");
      return;
    }
    const query = url.indexOf("?");
    const docName = url.slice(SYNC_PATH_PREFIX.length, query === -1 ? undefined : query);
    if (docName.length === 0 || docName.includes("/")) {
      this.refuse("http_404");
      rejectHttp(socket, 404);
      return;
    }
    // A broken handshake is refused before any access check is paid for.
    const refusal = checkHandshake(req);
    if (refusal !== null) {
      this.refuse(`http_${refusal.status}`);
      rejectHttp(socket, refusal.status, refusal.headers, refusal.reason);
      return;
    }
    const token = query === -1 ? null : tokenParam(url, query + 1);
    if (!isValidDocName(docName)) {
      this.upgradeAndClose(req, socket, head, CloseCode.DocNotFound);
      return;
    }
    if (this.pendingUpgrades >= this.maxPendingUpgrades) {
      this.refuse("http_503");
      rejectHttp(socket, 503);
      return;
    }
    this.pendingUpgrades++;
    // One instance (no cluster): straight to the access check, no extra turn of the event loop.
    if (this.routeUpgrade === undefined) {
      this.decideAndUpgrade(req, socket, head, docName, token);
      return;
    }
    this.routeUpgrade(docName, req, socket, head).then(
      (taken) => {
        if (taken) {
          this.pendingUpgrades--;
          this.refuse("proxied");
        } else {
          this.decideAndUpgrade(req, socket, head, docName, token);
        }
      },
      (error: unknown) => {
        this.pendingUpgrades--;
        this.logger.error("routing a sync socket failed", { docName, error });
        this.refuse("http_503");
        rejectHttp(socket, 503);
      },
    );
  };

  /** The access check and the upgrade of a socket this instance serves (pending counted). */
  private decideAndUpgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    docName: string,
    token: string | null,
  ): void {
    this.docAccess.decide(docName, token).then(
      (decision) => {
        this.pendingUpgrades--;
        if (!decision.ok) {
          this.upgradeAndClose(req, socket, head, decision.code);
        } else if (!this.accepting) {
          this.upgradeAndClose(req, socket, head, CloseCode.GoingAway);
        } else {
          this.upgrade(req, socket, head, docName, decision.context);
        }
      },
      (error: unknown) => {
        this.pendingUpgrades--;
        this.logger.error("doc access check failed", { docName, error });
        this.upgradeAndClose(req, socket, head, CloseCode.InternalError);
      },
    );
  }

  private upgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    docName: string,
    context: ConnectionContext,
  ): void {
    // Corked, the 101 response and the engine's first frames (sync step 1, awareness) leave in
    // one write instead of three.
    socket.cork();
    try {
      const ws = this.layer.accept(req, socket, head);
      if (ws === null) return;
      socket.off("error", destroyOnError);
      const adapter = new SyncWebSocket(ws, this.onSocketDone);
      let connection: SyncConnection;
      try {
        connection = this.syncServer.connect(docName, adapter, context);
      } catch (error) {
        this.logger.error("sync connect failed", { docName, error });
        this.closeRefused(ws, CloseCode.InternalError, head);
        return;
      }
      this.metrics.openSockets++;
      this.metrics.acceptedTotal++;
      adapter.heartbeatSlice = this.nextSlice;
      this.slices[this.nextSlice]?.add(adapter);
      this.nextSlice = (this.nextSlice + 1) % HEARTBEAT_SLICES;
      adapter.attach(connection, head);
    } finally {
      socket.uncork();
    }
  }

  private readonly onSocketDone = (socket: SyncWebSocket): void => {
    if (this.slices[socket.heartbeatSlice]?.delete(socket)) this.metrics.openSockets--;
  };

  /**
   * Completes the upgrade only to close with a WebSocket code: the stock client retries forever
   * on an HTTP error, but stops on a 44xx close.
   */
  private upgradeAndClose(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    code: CloseCode,
  ): void {
    this.refuse(String(code));
    // The 101 response and the close frame leave in one write.
    socket.cork();
    try {
      const ws = this.layer.accept(req, socket, head);
      if (ws === null) return;
      socket.off("error", destroyOnError);
      this.closeRefused(ws, code, head);
    } finally {
      socket.uncork();
    }
  }

  /** Closes an upgraded socket the engine will never see with `code`, and waits for its end. */
  private closeRefused(ws: WireSocket, code: CloseCode, head: Buffer): void {
    this.refusing.add(ws);
    ws.close(code, closeReason[code]);
    // Read, for the client's close frame (anything else it sent is dropped).
    ws.start(this.refusalHandler, head);
  }
}

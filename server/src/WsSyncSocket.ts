import type { Duplex } from "node:stream";
import type { SyncConnection, SyncSocket } from "@tablecloth/sync";
import { type RawData, WebSocket } from "ws";

/** The adapter of a socket, found by the shared listeners below through `this`. */
const ADAPTER = Symbol("tablecloth.wsSyncSocket");
type AdaptedWebSocket = WebSocket & { [ADAPTER]: WsSyncSocket };
type AdaptedRaw = Duplex & { [ADAPTER]: WsSyncSocket };

function toBytes(data: RawData): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return new Uint8Array(data);
}

// One set of listener functions for every socket (`ws` calls them with `this` = the socket), so an
// accepted connection allocates no closures: the upgrade path is what the herd benchmark measures.
function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  (this as AdaptedWebSocket)[ADAPTER].receive(data, isBinary);
}

function onPong(this: WebSocket): void {
  (this as AdaptedWebSocket)[ADAPTER].heard();
}

function onEnd(this: WebSocket): void {
  (this as AdaptedWebSocket)[ADAPTER].end();
}

/** `ws` state this module reads (ws 8; checked at run time, so a change only loses the shortcut). */
interface WsClosingState {
  _closeFrameReceived?: unknown;
  _closeFrameSent?: unknown;
}

/**
 * Our side of the TCP socket has flushed and ended. When that is because the closing handshake is
 * complete (both close frames went), nothing more can come that matters, so the socket is
 * destroyed now instead of waiting for the client's FIN (RFC 6455 §7.1.1: the server closes the
 * TCP connection first). `ws` would otherwise call `end()` again on the finished socket and its
 * receiver when the FIN arrives, creating two `Error`s with full stack traces per close: 1,800 of
 * those per café rotation were 8 % of the server's CPU (profiled). After an error (oversized or
 * broken frame) `ws` ends the socket without having received a close frame: that path is left to
 * `ws`, so a client still sending gets its close code before the connection goes.
 */
function onFinish(this: Duplex): void {
  const ws = (this as AdaptedRaw)[ADAPTER]?.socket as WsClosingState | undefined;
  if (ws?._closeFrameReceived === true && ws._closeFrameSent === true) this.destroy();
}

// Around `ws`'s own 'data' listener, which parses a TCP read and emits each of its frames: the
// engine may apply the update frames of one read together (see `SyncConnection.beginBatch`).
function onReadStart(this: Duplex): void {
  (this as AdaptedRaw)[ADAPTER].readStart();
}

function onReadEnd(this: Duplex): void {
  (this as AdaptedRaw)[ADAPTER].readEnd();
}

/** Sockets corked by `send` in the current run of synchronous code, uncorked together after it. */
let corked: WsSyncSocket[] = [];

function uncorkAll(): void {
  const sockets = corked;
  corked = [];
  for (const socket of sockets) socket.uncork();
}

/**
 * One accepted socket: adapts `ws` to the engine's `SyncSocket` and feeds it frames.
 * Binary frames reach the engine as the `Buffer` `ws` produced (a `Uint8Array`, no copy); text
 * frames as a string, which the engine refuses with 4400. Reports its end exactly once.
 */
export class WsSyncSocket implements SyncSocket {
  private connection: SyncConnection | null = null;
  private done = false;
  /** Heard from (any frame or pong) since the last heartbeat check. */
  private heardSinceCheck = true;
  /** A ping went out at the last check and nothing has been heard since. */
  private pinged = false;
  /** Which slice of the heartbeat sweep visits this socket (set by the transport). */
  heartbeatSlice = 0;
  /** Corked by `send` until the current synchronous run ends (see `uncorkAll`). */
  private corkedBySend = false;

  constructor(
    /** The `ws` socket (read-only outside: the transport and tests use it). */
    readonly socket: WebSocket,
    /** The TCP socket under `ws`, corked while the engine handles a frame. */
    private readonly raw: Duplex,
    private readonly onDone: (socket: WsSyncSocket) => void,
  ) {}

  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  /**
   * Sends one frame. The first send of a synchronous run corks the TCP socket until the run ends
   * (`process.nextTick`), so every frame the engine sends a peer in one broadcast tick (one per
   * accepted update) leaves in a single write instead of one syscall per frame.
   */
  send(data: Uint8Array): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (!this.corkedBySend) {
      this.corkedBySend = true;
      this.raw.cork();
      if (corked.push(this) === 1) process.nextTick(uncorkAll);
    }
    this.socket.send(data);
  }

  /** @internal Ends the cork `send` took. */
  uncork(): void {
    if (!this.corkedBySend) return;
    this.corkedBySend = false;
    this.raw.uncork();
  }

  close(code: number, reason: string): void {
    if (
      this.socket.readyState === WebSocket.OPEN ||
      this.socket.readyState === WebSocket.CONNECTING
    ) {
      this.socket.close(code, reason);
    }
  }

  /** Starts feeding `connection`; until then frames are not read. */
  attach(connection: SyncConnection): void {
    this.connection = connection;
    const ws = this.socket as AdaptedWebSocket;
    ws[ADAPTER] = this;
    ws.on("message", onMessage);
    ws.on("pong", onPong);
    ws.on("close", onEnd);
    // `ws` follows every error with `close`; ending on either keeps it exactly-once.
    ws.on("error", onEnd);
    const raw = this.raw as AdaptedRaw;
    raw[ADAPTER] = this;
    raw.prependListener("data", onReadStart);
    raw.on("data", onReadEnd);
    raw.once("finish", onFinish);
  }

  /** @internal A TCP read arrived; `ws` parses it next. */
  readStart(): void {
    if (!this.done) this.connection?.beginBatch();
  }

  /** @internal `ws` emitted every complete frame of the read. */
  readEnd(): void {
    const connection = this.connection;
    if (connection === null || this.done) return;
    // Frames the engine answers with (e.g. closing a sender whose held update failed) share one write.
    this.raw.cork();
    try {
      connection.endBatch();
    } finally {
      this.raw.uncork();
    }
  }

  /**
   * The heartbeat, once per period: a socket heard from since the last check needs nothing (a
   * stock client sends awareness every 15 s, so a live page is almost never pinged); a silent one
   * gets a ping; one still silent a period after its ping is dropped (its `close` then ends the
   * connection) and the method returns false. A dead socket goes within two to three periods.
   */
  checkAlive(): boolean {
    if (this.done) return true;
    if (this.heardSinceCheck) {
      this.heardSinceCheck = false;
      this.pinged = false;
      return true;
    }
    if (this.pinged) {
      this.socket.terminate();
      return false;
    }
    this.pinged = true;
    if (this.socket.readyState === WebSocket.OPEN) this.socket.ping();
    return true;
  }

  /** Resolves once the socket is closed (at once if it is). */
  closedPromise(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => this.socket.once("close", () => resolve()));
  }

  /** Drops the socket without a closing handshake. */
  terminate(): void {
    this.socket.terminate();
  }

  /** @internal A frame arrived. */
  receive(data: RawData, isBinary: boolean): void {
    this.heardSinceCheck = true;
    const connection = this.connection;
    if (connection === null || this.done) return;
    const bytes = toBytes(data);
    // Frames the engine answers with at once (e.g. sync step 2, then awareness) share one write.
    this.raw.cork();
    try {
      connection.receive(
        isBinary
          ? bytes
          : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"),
      );
    } finally {
      this.raw.uncork();
    }
  }

  /** @internal A pong arrived. */
  heard(): void {
    this.heardSinceCheck = true;
  }

  /** @internal The socket closed or failed. */
  end(): void {
    if (this.done) return;
    this.done = true;
    this.onDone(this);
    this.connection?.closed();
  }
}

import type { SyncConnection, SyncSocket } from "@tablecloth/sync";
import type { WireSocket, WireSocketHandler } from "./websocket/WireSocket";

/** Sockets corked by `send` in the current run of synchronous code, uncorked together after it. */
let corked: SyncWebSocket[] = [];

function uncorkAll(): void {
  const sockets = corked;
  corked = [];
  for (const socket of sockets) socket.uncork();
}

/**
 * One accepted socket: adapts a `WireSocket` (the in-house socket or `ws`) to the engine's `SyncSocket` and feeds it
 * frames. It is its socket's handler itself, so an accepted connection allocates no closures.
 * Binary frames reach the engine as the `Buffer` the parser produced (a `Uint8Array`, often a
 * view into the TCP read, no copy); text frames as a string, which the engine refuses with 4400.
 * Reports its end exactly once.
 */
export class SyncWebSocket implements SyncSocket, WireSocketHandler {
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
    /** The WebSocket (read-only outside: the transport and tests use it). */
    readonly socket: WireSocket,
    private readonly onDone: (socket: SyncWebSocket) => void,
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
    if (!this.socket.isOpen) return;
    this.corkForRun();
    this.socket.send(data);
  }

  /** Sends these frames in order (`ServerWebSocket.sendMany`: one buffer for all peers). */
  sendMany(data: readonly Uint8Array[]): void {
    if (!this.socket.isOpen) return;
    this.corkForRun();
    if (this.socket.sendMany !== undefined) this.socket.sendMany(data);
    else for (const each of data) this.socket.send(each);
  }

  private corkForRun(): void {
    if (this.corkedBySend) return;
    this.corkedBySend = true;
    this.socket.cork();
    if (corked.push(this) === 1) process.nextTick(uncorkAll);
  }

  /** @internal Ends the cork `send` took. */
  uncork(): void {
    if (!this.corkedBySend) return;
    this.corkedBySend = false;
    this.socket.uncork();
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  /** Starts feeding `connection` (beginning with `head`, bytes read behind the handshake). */
  attach(connection: SyncConnection, head?: Buffer): void {
    this.connection = connection;
    this.socket.start(this, head);
  }

  /** @internal A TCP read arrived; its frames follow. */
  onReadStart(): void {
    if (!this.done) this.connection?.beginBatch();
  }

  /** @internal Every complete frame of the read was handed on. */
  onReadEnd(): void {
    const connection = this.connection;
    if (connection === null || this.done) return;
    // Frames the engine answers with (e.g. closing a sender whose held update failed) share one write.
    this.socket.cork();
    try {
      connection.endBatch();
    } finally {
      this.socket.uncork();
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
    this.socket.ping();
    return true;
  }

  /** Resolves once the socket is closed (at once if it is). */
  closedPromise(): Promise<void> {
    return this.socket.whenClosed();
  }

  /** Drops the socket without a closing handshake. */
  terminate(): void {
    this.socket.terminate();
  }

  /** @internal A message arrived. */
  onMessage(data: Buffer | string): void {
    this.heardSinceCheck = true;
    const connection = this.connection;
    if (connection === null || this.done) return;
    // Frames the engine answers with at once (e.g. sync step 2, then awareness) share one write.
    this.socket.cork();
    try {
      connection.receive(data);
    } finally {
      this.socket.uncork();
    }
  }

  /** @internal A pong arrived. */
  onPong(): void {
    this.heardSinceCheck = true;
  }

  /** @internal The socket closed. */
  onClose(): void {
    if (this.done) return;
    this.done = true;
    this.onDone(this);
    this.connection?.closed();
  }
}

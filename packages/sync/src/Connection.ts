import { CloseCode } from "@tablecloth/protocol";
import type { ClientMessage } from "./decodeMessage";
import type { SyncMetrics } from "./SyncMetrics";
import type { ConnectionContext, SyncSocket } from "./types";

/** A connection's life: waiting for its doc (frames held in order), in a room, or gone. */
export type ConnectionState =
  | { kind: "pending"; held: ClientMessage[]; heldBytes: number }
  | { kind: "open"; room: ConnectionRoom }
  | { kind: "closed" };

/**
 * The room an open connection is in, as the server drives it (implemented by `Room`; declared
 * here so that a connection does not import its room).
 */
export interface ConnectionRoom {
  readonly docName: string;
  /** Handles one decoded message of an open connection. Throws `SyncError` to close the sender. */
  handle(conn: Connection, message: ClientMessage): void;
  /** Removes a closed connection and the awareness states it controlled. */
  detach(conn: Connection): void;
  /** Applies the update frames held while their connections were batching. */
  applyHeld(): void;
  /** Whether held frames or accepted updates are still waiting for `flushBroadcast`. */
  hasUnsent(): boolean;
  /** Applies held frames and relays every accepted update not yet relayed. */
  flushBroadcast(): void;
}

/** What a connection needs from its server. */
export interface ConnectionHost {
  readonly metrics: SyncMetrics;
  readonly maxBufferedBytes: number;
  /** Closes `conn` with `code` and detaches it from its room or pending load. */
  close(conn: Connection, code: CloseCode, detail: string): void;
  /** A frame of `conn` arrived from the transport. */
  receive(conn: Connection, data: Uint8Array | string): void;
  /** The transport reports `conn`'s socket closed. */
  transportClosed(conn: Connection): void;
  /** The transport ended a batch of `conn`'s frames: apply its held updates now. */
  endBatch(conn: Connection): void;
}

/** The transport's handle on a connection, returned by `SyncServer.connect`. */
export interface SyncConnection {
  /** A frame arrived. A string is a text frame, which closes the connection with BadMessage. */
  receive(data: Uint8Array | string): void;
  /** The transport reports the socket closed (by the client or the network). Idempotent. */
  closed(): void;
  /**
   * Batching, for a transport that reads many frames at once (one TCP read; a transport may
   * never call these): between
   * `beginBatch` and `endBatch`, consecutive update frames may be applied together in one Yjs
   * transaction (at `endBatch`, before any other frame, or at the next broadcast tick at the
   * latest). Order and results are as if each were applied on arrival.
   */
  beginBatch(): void;
  endBatch(): void;
}

/**
 * One client socket on one doc, as the engine sees it; also the transport's handle on it
 * (prototype methods, so a connection allocates no closures).
 */
export class Connection implements SyncConnection {
  state: ConnectionState = { kind: "pending", held: [], heldBytes: 0 };
  /** Whether this connection's sync step 2 arrived: from then on its updates must not be pending. */
  sentStep2 = false;
  /** Inside a transport batch (see `SyncConnection.beginBatch`). */
  batching = false;
  /** Whether the answer to this connection's first sync step 1 is still to go (initial sync). */
  awaitingFirstStep1 = true;
  /** Bytes of the initial sync allowed on top of `maxBufferedBytes` (see `sendInitial`). */
  private initialAllowance = 0;

  constructor(
    readonly docName: string,
    readonly socket: SyncSocket,
    readonly context: ConnectionContext,
    private readonly host: ConnectionHost,
  ) {}

  receive(data: Uint8Array | string): void {
    this.host.receive(this, data);
  }

  closed(): void {
    this.host.transportClosed(this);
  }

  beginBatch(): void {
    this.batching = true;
  }

  endBatch(): void {
    if (!this.batching) return;
    this.batching = false;
    this.host.endBatch(this);
  }

  /**
   * Sends a frame unless closed; closes the connection when the socket's queue passes the limit
   * (plus what its initial sync queued, see `sendInitial`).
   */
  send(frame: Uint8Array): void {
    if (this.state.kind === "closed") return;
    this.socket.send(frame);
    this.host.metrics.messagesOut++;
    this.host.metrics.bytesOut += frame.byteLength;
    this.checkBuffered();
  }

  /**
   * `send` of every frame, in order: one call to a socket that sends many at once (the same list
   * for every peer of a relay window is framed once and written whole to each).
   */
  sendMany(frames: readonly Uint8Array[], bytes: number): void {
    if (this.state.kind === "closed") return;
    if (this.socket.sendMany === undefined) {
      for (const frame of frames) this.send(frame);
      return;
    }
    this.socket.sendMany(frames);
    this.host.metrics.messagesOut += frames.length;
    this.host.metrics.bytesOut += bytes;
    this.checkBuffered();
  }

  private checkBuffered(): void {
    const buffered = this.socket.bufferedAmount;
    const max = this.host.maxBufferedBytes;
    if (buffered <= max) {
      // Drained below the limit: whatever the initial sync queued is gone or within it.
      this.initialAllowance = 0;
    } else if (buffered > max + this.initialAllowance) {
      this.host.close(this, CloseCode.SlowConsumer, "send queue over maxBufferedBytes");
    }
  }

  /**
   * Sends a frame of this connection's initial sync (the room's step 1 and awareness on attach,
   * the answer to its first step 1): its bytes are allowed on top of `maxBufferedBytes` until
   * the queue drains below the limit, so a doc bigger than the limit (up to `maxDocBytes`) still
   * reaches a joiner on a slow link instead of closing it with SlowConsumer on every attempt.
   */
  sendInitial(frame: Uint8Array): void {
    this.initialAllowance += frame.byteLength;
    this.send(frame);
  }
}

import { isUtf8 } from "node:buffer";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import {
  CLOSE_INVALID_DATA,
  CLOSE_PROTOCOL_ERROR,
  type FrameHandler,
  FrameParser,
  isValidCloseCode,
  OPCODE_BINARY,
  OPCODE_CLOSE,
  OPCODE_PING,
  OPCODE_PONG,
} from "./FrameParser";
import type { WireSocket, WireSocketHandler } from "./WireSocket";

/**
 * How long a socket that sent its close frame (or failed the connection) waits for the client to
 * finish the closing handshake before it is destroyed. `ws` waits 30 s; a client that has not
 * answered in 5 s is gone or misbehaving.
 */
export const CLOSE_TIMEOUT_MS = 5_000;
/**
 * Payloads up to this size are copied behind their header and leave in one write; larger ones go
 * as two writes under cork (header, then the payload as given), so they are never copied.
 */
export const COPY_PAYLOAD_MAX_BYTES = 16 * 1024;
/** Longest close reason: a close payload is ≤ 125 bytes, 2 of them the code (§5.5.1). */
const MAX_CLOSE_REASON_BYTES = 123;

/** Reported by `onClose` when the connection ended without a close frame (never on the wire). */
export const CLOSE_ABNORMAL = 1006;
/** Reported by `onClose` when the client's close frame had no code (never on the wire). */
export const CLOSE_NO_STATUS = 1005;

/** An empty ping: the heartbeat's probe. Never written to, so shared. */
const PING_FRAME = Buffer.from([0x80 | OPCODE_PING, 0]);

/** What the owner of a socket hears (the layer-independent `WireSocketHandler`). */
export type ServerWebSocketHandler = WireSocketHandler;

/** The owner of a TCP socket, found by the shared listeners below through `this`. */
const OWNER = Symbol("tablecloth.serverWebSocket");
type OwnedSocket = Socket & { [OWNER]: ServerWebSocket };

// One set of listener functions for every socket (Node calls them with `this` = the TCP socket):
// an accepted connection allocates no closures.
function onSocketData(this: Socket, chunk: Buffer): void {
  (this as OwnedSocket)[OWNER].read(chunk);
}

function onSocketEnd(this: Socket): void {
  (this as OwnedSocket)[OWNER].peerEnded();
}

function onSocketFinish(this: Socket): void {
  (this as OwnedSocket)[OWNER].finished();
}

function onSocketClose(this: Socket): void {
  (this as OwnedSocket)[OWNER].socketClosed();
}

/** Node destroys a socket after its `error` and then emits `close`, which reports the end. */
function ignoreError(): void {}

function destroySocket(this: Socket): void {
  this.destroy();
}

/**
 * The last binary payload framed and its frame, reused while one broadcast sends the same payload
 * to socket after socket (1,000 observers: 1,000 copies of the same bytes). Forgotten at the next
 * tick: a payload changed in place later is framed again, and nothing outlives the run.
 */
let sharedPayload: Uint8Array | null = null;
let sharedFrame: Buffer | null = null;
/** The same for a list of payloads (`sendMany`): all of them framed into one buffer. */
let sharedList: readonly Uint8Array[] | null = null;
let sharedListFrames: Buffer | null = null;
const forgetSharedFrame = (): void => {
  sharedPayload = sharedFrame = null;
};
const forgetSharedList = (): void => {
  sharedList = sharedListFrames = null;
};

/** The header of an unmasked frame with FIN set, for a payload of `length` bytes, at `buf[0]`. */
function writeHeader(buf: Buffer, opcode: number, length: number): number {
  buf[0] = 0x80 | opcode;
  if (length < 126) {
    buf[1] = length;
    return 2;
  }
  if (length <= 0xffff) {
    buf[1] = 126;
    buf.writeUInt16BE(length, 2);
    return 4;
  }
  buf[1] = 127;
  buf.writeUInt32BE(Math.floor(length / 0x1_0000_0000), 2);
  buf.writeUInt32BE(length >>> 0, 6);
  return 10;
}

function headerBytes(length: number): number {
  return length < 126 ? 2 : length <= 0xffff ? 4 : 10;
}

/**
 * The server side of one WebSocket connection (RFC 6455) over an upgraded TCP socket: sends
 * unmasked binary frames, answers pings, runs the closing handshake, and reports messages and its
 * end to a handler. No `Error` is created on the open/message/close path.
 *
 * Closing: the side that closes TCP first is the server (§7.1.1). Once both close frames went,
 * the descriptor is closed at once when our close frame is already in the kernel (it is then sent
 * before our FIN), or else the socket is ended and destroyed as soon as the FIN is out; either way
 * without waiting for the client's FIN.
 * When the connection is failed (protocol error, message too big: 4413), the close frame is sent, the socket
 * ended, and the rest of what the client sends is read and dropped until it closes its side, so
 * the client gets the code instead of a reset; `CLOSE_TIMEOUT_MS` bounds every wait.
 */
export class ServerWebSocket implements FrameHandler, WireSocket {
  private readonly parser: FrameParser;
  private handler: ServerWebSocketHandler | null = null;
  private closeSent = false;
  private closeReceived = false;
  private peerEnd = false;
  private ended = false;
  private done = false;
  private code = CLOSE_ABNORMAL;
  private closeTimer: ReturnType<typeof setTimeout> | undefined;
  private waiters: (() => void)[] | null = null;

  constructor(
    /** The upgraded TCP socket (after the 101 response was written). */
    readonly socket: Duplex,
    /** Largest message accepted (see `FrameParser`); larger → close 4413 (TooLarge). */
    maxPayloadBytes: number,
  ) {
    this.parser = new FrameParser(this, maxPayloadBytes);
    const raw = socket as OwnedSocket;
    raw[OWNER] = this;
    // Node's HTTP server may have armed a timeout for the request; a WebSocket has its own
    // liveness check (the heartbeat). Same as `ws`.
    raw.setTimeout?.(0);
    raw.setNoDelay?.(true);
    raw.on("error", ignoreError);
    raw.on("end", onSocketEnd);
    raw.on("finish", onSocketFinish);
    raw.on("close", onSocketClose);
    raw.on("timeout", destroySocket);
  }

  /**
   * Starts reading: reports to `handler` from now on, beginning with `head` (bytes the client
   * sent right behind its handshake, if any).
   */
  start(handler: ServerWebSocketHandler, head?: Buffer): void {
    this.handler = handler;
    if (this.done) {
      handler.onClose(this.code, this);
      return;
    }
    if (head !== undefined && head.length > 0) this.read(head);
    this.socket.on("data", onSocketData);
  }

  /**
   * Open: data may be sent (no close frame sent or received, socket neither ended nor destroyed:
   * a write to a destroyed socket would create an `Error`).
   */
  /**
   * Holds writes until `uncork`, so the frames of one run leave in one write (Node counts nested
   * corks: every `cork` needs its `uncork`).
   */
  cork(): void {
    this.socket.cork();
  }

  uncork(): void {
    this.socket.uncork();
  }

  get isOpen(): boolean {
    return !this.closeSent && !this.closeReceived && !this.ended && this.socket.writable;
  }

  /** Bytes written and not yet handed to the kernel. */
  get bufferedAmount(): number {
    return this.socket.writableLength;
  }

  /** Sends one binary message (dropped unless open). */
  send(data: Uint8Array): void {
    if (!this.isOpen) return;
    this.writeFrame(OPCODE_BINARY, data);
  }

  /**
   * Sends binary messages in order, each its own frame. The list a relay window sends every peer
   * is framed once into one buffer (while it is the latest list given, until the next tick) and
   * written whole to each socket: one write per peer instead of one per message, the same bytes.
   */
  sendMany(data: readonly Uint8Array[]): void {
    if (!this.isOpen) return;
    if (data === sharedList && sharedListFrames !== null) {
      this.socket.write(sharedListFrames);
      return;
    }
    let total = 0;
    for (const payload of data) {
      if (payload.byteLength > COPY_PAYLOAD_MAX_BYTES) {
        for (const each of data) this.writeFrame(OPCODE_BINARY, each);
        return;
      }
      total += headerBytes(payload.byteLength) + payload.byteLength;
    }
    const frames = Buffer.allocUnsafe(total);
    let at = 0;
    for (const payload of data) {
      at += writeHeader(frames.subarray(at), OPCODE_BINARY, payload.byteLength);
      frames.set(payload, at);
      at += payload.byteLength;
    }
    if (sharedList === null) process.nextTick(forgetSharedList);
    sharedList = data;
    sharedListFrames = frames;
    this.socket.write(frames);
  }

  /** Sends an empty ping (unless closing). */
  ping(): void {
    if (this.isOpen) this.socket.write(PING_FRAME);
  }

  /**
   * Starts the closing handshake: sends a close frame once (later calls do nothing) and waits up
   * to `CLOSE_TIMEOUT_MS` for the client's before destroying the socket. Messages arriving
   * meanwhile are dropped.
   */
  close(code: number, reason = ""): void {
    if (this.closeSent || this.done || this.ended) return;
    this.sendClose(code, reason);
  }

  /** Destroys the TCP socket at once, without a closing handshake. */
  terminate(): void {
    this.socket.destroy();
  }

  /** Resolves once the TCP socket is closed (at once if it is). */
  whenClosed(): Promise<void> {
    if (this.done) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters ??= [];
      this.waiters.push(resolve);
    });
  }

  private writeFrame(opcode: number, data: Uint8Array): void {
    const length = data.byteLength;
    const header = headerBytes(length);
    if (length <= COPY_PAYLOAD_MAX_BYTES) {
      if (opcode === OPCODE_BINARY && data === sharedPayload && sharedFrame !== null) {
        this.socket.write(sharedFrame);
        return;
      }
      const frame = Buffer.allocUnsafe(header + length);
      writeHeader(frame, opcode, length);
      frame.set(data, header);
      if (opcode === OPCODE_BINARY) {
        if (sharedPayload === null) process.nextTick(forgetSharedFrame);
        sharedPayload = data;
        sharedFrame = frame;
      }
      this.socket.write(frame);
      return;
    }
    const head = Buffer.allocUnsafe(header);
    writeHeader(head, opcode, length);
    const socket = this.socket;
    socket.cork();
    socket.write(head);
    socket.write(data);
    socket.uncork();
  }

  private sendClose(code: number | null, reason: string): void {
    this.writeClose(code, reason);
    this.armCloseTimer();
  }

  /** Writes our close frame (once; the caller decides how the TCP connection ends). */
  private writeClose(code: number | null, reason: string): void {
    this.closeSent = true;
    const socket = this.socket;
    if (socket.writable) {
      let frame: Buffer;
      if (code === null) {
        frame = Buffer.from([0x80 | OPCODE_CLOSE, 0]);
      } else {
        const reasonBytes = reason.length === 0 ? 0 : Buffer.byteLength(reason);
        const length = reasonBytes > MAX_CLOSE_REASON_BYTES ? 2 : 2 + reasonBytes;
        frame = Buffer.allocUnsafe(2 + length);
        frame[0] = 0x80 | OPCODE_CLOSE;
        frame[1] = length;
        frame.writeUInt16BE(code, 2);
        if (length > 2) frame.write(reason, 4, "utf8");
      }
      socket.write(frame);
    }
  }

  private armCloseTimer(): void {
    if (this.closeTimer !== undefined || this.done) return;
    this.closeTimer = setTimeout(destroyOnTimeout, CLOSE_TIMEOUT_MS, this.socket);
    this.closeTimer.unref?.();
  }

  /** Ends our side of the TCP connection (FIN after what is queued). */
  private endSocket(): void {
    if (this.ended) return;
    this.ended = true;
    this.socket.end();
    this.armCloseTimer();
  }

  /** Fails the connection (§7.1.7): close frame with `code`, then our FIN. */
  private fail(code: number): void {
    this.parser.stop();
    if (!this.closeSent) this.sendClose(code, "");
    this.endSocket();
  }

  /** @internal A TCP read. */
  read(chunk: Buffer): void {
    const parser = this.parser;
    // After a close frame or a failure the rest is read and dropped.
    if (!parser.active) return;
    const handler = this.handler as ServerWebSocketHandler;
    handler.onReadStart(this);
    parser.push(chunk);
    handler.onReadEnd(this);
  }

  /** @internal The client ended its side of the TCP connection. */
  peerEnded(): void {
    this.peerEnd = true;
    this.parser.stop();
    // Our side is done (or can be): nothing more will come, so close the connection.
    if (this.ended && this.socket.writableFinished) this.socket.destroy();
    else this.endSocket();
  }

  /** @internal Our FIN is out (everything written was flushed). */
  finished(): void {
    // The closing handshake is complete, or the client is gone: close TCP now (§7.1.1).
    if (this.closeReceived || this.peerEnd) this.socket.destroy();
  }

  /** @internal The TCP socket closed. */
  socketClosed(): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.closeTimer);
    this.parser.stop();
    this.handler?.onClose(this.code, this);
    const waiters = this.waiters;
    this.waiters = null;
    if (waiters !== null) for (const resolve of waiters) resolve();
  }

  /** @internal */
  onFrameMessage(data: Buffer, binary: boolean): void {
    // After our close frame, nothing more is handed on (e.g. a sender the engine refused).
    if (this.closeSent) return;
    if (binary) {
      (this.handler as ServerWebSocketHandler).onMessage(data, this);
    } else if (isUtf8(data)) {
      (this.handler as ServerWebSocketHandler).onMessage(data.toString("utf8"), this);
    } else {
      this.fail(CLOSE_INVALID_DATA);
    }
  }

  /** @internal */
  onFramePing(payload: Buffer): void {
    if (this.isOpen) this.writeFrame(OPCODE_PONG, payload);
  }

  /** @internal */
  onFramePong(): void {
    (this.handler as ServerWebSocketHandler).onPong(this);
  }

  /** @internal The client's close frame: check it, answer it (unless we closed first), end. */
  onFrameClose(payload: Buffer): void {
    this.closeReceived = true;
    let code: number | null = null;
    if (payload.length >= 2) {
      code = payload.readUInt16BE(0);
      if (!isValidCloseCode(code)) {
        this.fail(CLOSE_PROTOCOL_ERROR);
        return;
      }
      if (payload.length > 2 && !isUtf8(payload.subarray(2))) {
        this.fail(CLOSE_INVALID_DATA);
        return;
      }
      this.code = code;
    } else if (payload.length === 1) {
      this.fail(CLOSE_PROTOCOL_ERROR);
      return;
    } else {
      this.code = CLOSE_NO_STATUS;
    }
    if (!this.closeSent) this.writeClose(code, "");
    // The closing handshake is complete. When all we wrote is already in the kernel (the usual
    // case: a close frame is a few bytes), closing the descriptor sends it and then our FIN: one
    // step instead of shutdown, a 'finish' tick, a close timer and close, 1,800 times per café
    // rotation. Otherwise our FIN follows the queued bytes and `finished` closes.
    if (this.socket.writableLength === 0 && !this.ended) {
      this.ended = true;
      this.socket.destroy();
      return;
    }
    this.endSocket();
  }

  /** @internal */
  onFrameError(code: number): void {
    this.fail(code);
  }
}

function destroyOnTimeout(socket: Duplex): void {
  socket.destroy();
}

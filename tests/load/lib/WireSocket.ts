// Over 400 lines on purpose: one protocol client (upgrade, frame parser, writer, close handshake)
// that only the load generator uses; why it exists is said below.
import { hash, randomFillSync } from "node:crypto";
import { connect, type Socket } from "node:net";

/**
 * A minimal RFC 6455 WebSocket client for the load generator: `net.connect`, a hand-written
 * HTTP/1.1 upgrade, and a frame parser that works on the received chunks in place.
 *
 * Why not `ws`: the generator runs thousands of clients in one process, and in the café rotation
 * (1,800 sockets closed and reopened at once) `ws` made the generator the bottleneck: an
 * `http.ClientRequest` and HTTP parser per connection, stream-based Receiver/Sender, fragment
 * concatenation, and `Error` objects created on every close. This client does the same protocol
 * work (masking, Accept check, fragmentation, ping/pong, close handshake) with none of that.
 *
 * Not supported, on purpose: `wss://`, extensions (no per-message-deflate is offered),
 * subprotocols, redirects, sending fragmented or text messages. Text messages received are
 * ignored (the y-websocket protocol is binary).
 */

/** RFC 6455 §1.3: appended to the key before hashing it into `Sec-WebSocket-Accept`. */
const HANDSHAKE_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
/**
 * Largest message (after reassembling fragments) the client accepts; a larger one fails the
 * socket with close code 1009. Same as `ws`'s default `maxPayload`; the largest the benches see
 * is a coldload sync step 2 (~2.4 MB).
 */
export const MAX_MESSAGE_BYTES = 100 * 1024 * 1024;
/** Largest HTTP response head accepted during the handshake (ours sends a few hundred bytes). */
export const MAX_RESPONSE_HEAD_BYTES = 16 * 1024;
/** How long a close handshake may take before the socket is destroyed. */
export const CLOSE_HANDSHAKE_TIMEOUT_MS = 2_000;
/** Random bytes drawn per `randomFillSync` for masks and keys (512 four-byte masks). */
const RANDOM_POOL_BYTES = 2_048;
/** Largest payload of a control frame (close, ping, pong), RFC 6455 §5.5. */
const MAX_CONTROL_PAYLOAD = 125;

const OPCODE_CONTINUATION = 0x0;
const OPCODE_TEXT = 0x1;
const OPCODE_BINARY = 0x2;
const OPCODE_CLOSE = 0x8;
const OPCODE_PING = 0x9;
const OPCODE_PONG = 0xa;

export const CLOSE_NORMAL = 1000;
export const CLOSE_PROTOCOL_ERROR = 1002;
/** Reported when the close frame carried no code (never sent on the wire). */
export const CLOSE_NO_STATUS = 1005;
/** Reported when the TCP connection ended without a close frame (never sent on the wire). */
export const CLOSE_ABNORMAL = 1006;
export const CLOSE_MESSAGE_TOO_BIG = 1009;

const EMPTY = Buffer.alloc(0);

/** Masks and keys come from a pool refilled in blocks, not one `randomFillSync` call per frame. */
const randomPool = Buffer.allocUnsafe(RANDOM_POOL_BYTES);
let randomOffset = RANDOM_POOL_BYTES;

/** Reserves `bytes` fresh random bytes in `randomPool`; returns their offset. */
function takeRandom(bytes: number): number {
  if (randomOffset + bytes > RANDOM_POOL_BYTES) {
    randomFillSync(randomPool);
    randomOffset = 0;
  }
  const at = randomOffset;
  randomOffset += bytes;
  return at;
}

/** One masked client frame (FIN set), header and payload in one buffer for one `write`. */
export function encodeClientFrame(opcode: number, payload: Uint8Array): Buffer {
  const length = payload.byteLength;
  const lengthBytes = length < 126 ? 0 : length <= 0xffff ? 2 : 8;
  const maskAt = 2 + lengthBytes;
  const payloadAt = maskAt + 4;
  const frame = Buffer.allocUnsafe(payloadAt + length);
  frame[0] = 0x80 | opcode;
  if (lengthBytes === 0) {
    frame[1] = 0x80 | length;
  } else if (lengthBytes === 2) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeUInt32BE(Math.floor(length / 0x1_0000_0000), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  const random = takeRandom(4);
  randomPool.copy(frame, maskAt, random, random + 4);
  const m0 = frame[maskAt]!;
  const m1 = frame[maskAt + 1]!;
  const m2 = frame[maskAt + 2]!;
  const m3 = frame[maskAt + 3]!;
  // The mask repeats every 4 bytes: four at a time with the key bytes in locals, then the tail.
  let i = 0;
  for (; i + 4 <= length; i += 4) {
    frame[payloadAt + i] = payload[i]! ^ m0;
    frame[payloadAt + i + 1] = payload[i + 1]! ^ m1;
    frame[payloadAt + i + 2] = payload[i + 2]! ^ m2;
    frame[payloadAt + i + 3] = payload[i + 3]! ^ m3;
  }
  for (; i < length; i++) frame[payloadAt + i] = payload[i]! ^ frame[maskAt + (i & 3)]!;
  return frame;
}

function closePayload(code: number): Buffer {
  const payload = Buffer.allocUnsafe(2);
  payload.writeUInt16BE(code, 0);
  return payload;
}

/** Codes a peer may send in a close frame (RFC 6455 §7.4, IANA registry; 3000–4999 for apps). */
function isValidCloseCode(code: number): boolean {
  return (
    (code >= 1000 && code <= 1003) ||
    (code >= 1007 && code <= 1014) ||
    (code >= 3000 && code < 5000)
  );
}

/** What the owner of a socket hears. Callbacks run synchronously from socket events. */
export interface WireSocketHandlers {
  /** The handshake succeeded; `send` works from now on. */
  onOpen?(): void;
  /**
   * A whole binary message. Often a view into the received chunk (no copy): read it (or keep
   * it; chunks are never reused) but do not write to it.
   */
  onMessage?(data: Buffer): void;
  /**
   * The connection failed: refused, handshake rejected (`Unexpected server response: 429`),
   * protocol violation by the server. At most once, always followed by `onClose`.
   */
  onError?(message: string): void;
  /**
   * The TCP connection is closed. `code` is the server's close code, 1005 if its close frame had
   * none, 1006 if none arrived (`reason` then names a socket error, if there was one).
   */
  onClose?(code: number, reason: string): void;
}

export type WireSocketState = "connecting" | "open" | "closing" | "closed";

export class WireSocket {
  private readonly socket: Socket;
  private readonly expectedAccept: string;
  private stateNow: WireSocketState = "connecting";
  /** False once frames must no longer be parsed (close frame received, failure, destroyed). */
  private reading = true;
  private closeFrameSent = false;
  private closeTimer: NodeJS.Timeout | undefined;
  /** Handshake response bytes received so far (until the head is complete). */
  private head: Buffer | undefined;
  /** Received bytes of an incomplete frame, kept as they came until `needed` bytes are here. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes from the start of the pending frame needed before it can be parsed further. */
  private needed = 0;
  /** Payloads of a fragmented message so far (undefined when no message is in progress). */
  private fragments: Buffer[] | undefined;
  private fragmentsBytes = 0;
  private fragmentsOpcode = OPCODE_BINARY;
  /** The server's close code and reason, or abnormal closure until a close frame arrives. */
  closeCode = CLOSE_ABNORMAL;
  closeReason = "";
  /** The message given to `onError`, if any. */
  failure: string | undefined;

  constructor(
    url: string,
    private readonly handlers: WireSocketHandlers,
  ) {
    const target = new URL(url);
    if (target.protocol !== "ws:") {
      throw new Error(
        `WireSocket speaks ws:// only (plain TCP), not ${target.protocol}// (${url})`,
      );
    }
    const keyAt = takeRandom(16);
    const key = randomPool.toString("base64", keyAt, keyAt + 16);
    this.expectedAccept = hash("sha1", key + HANDSHAKE_GUID, "base64");
    // `[::1]` in a URL is `::1` to net.connect.
    const host = target.hostname.replace(/^\[(.*)\]$/, "$1");
    const socket = connect({ host, port: Number(target.port || 80) });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => this.onSocketError(error));
    socket.on("close", () => this.onSocketClose());
    // net queues this until the connection is up: no need to wait for "connect".
    socket.write(
      `GET ${target.pathname}${target.search} HTTP/1.1\r\n` +
        `Host: ${target.host}\r\n` +
        "Upgrade: websocket\r\n" +
        "Connection: Upgrade\r\n" +
        `Sec-WebSocket-Key: ${key}\r\n` +
        "Sec-WebSocket-Version: 13\r\n\r\n",
      "latin1",
    );
  }

  get state(): WireSocketState {
    return this.stateNow;
  }

  /** Sends one binary message if the socket is open; returns whether it was sent. */
  send(data: Uint8Array): boolean {
    if (this.stateNow !== "open") return false;
    this.socket.write(encodeClientFrame(OPCODE_BINARY, data));
    return true;
  }

  /**
   * Starts the close handshake (close frame with `code`), destroying the socket if the server
   * has not finished it within `CLOSE_HANDSHAKE_TIMEOUT_MS`. A socket still connecting is
   * destroyed (and fails, as with `ws`).
   */
  close(code = CLOSE_NORMAL): void {
    if (this.stateNow === "connecting") {
      this.fail("WebSocket was closed before the connection was established");
      this.terminate();
      return;
    }
    if (this.stateNow !== "open") return;
    this.stateNow = "closing";
    this.closeFrameSent = true;
    this.socket.write(encodeClientFrame(OPCODE_CLOSE, closePayload(code)));
    this.armCloseTimer();
  }

  /** Drops the TCP connection at once, without a close handshake. */
  terminate(): void {
    this.reading = false;
    if (this.stateNow !== "closed") this.stateNow = "closing";
    this.socket.destroy();
  }

  private armCloseTimer(): void {
    // A server that never finishes the close handshake must not hold the run.
    this.closeTimer ??= setTimeout(() => this.socket.destroy(), CLOSE_HANDSHAKE_TIMEOUT_MS);
    this.closeTimer.unref();
  }

  private fail(message: string): void {
    if (this.failure !== undefined) return;
    this.failure = message;
    this.handlers.onError?.(message);
  }

  private onSocketError(error: NodeJS.ErrnoException): void {
    // Node closes the socket after an error; "close" reports it. Before the handshake completed
    // it is the failure (refused, reset); afterwards, as with `ws`, only an abnormal closure.
    if (this.stateNow === "connecting") this.fail(error.message);
    else if (this.closeCode === CLOSE_ABNORMAL) this.closeReason ||= error.code ?? error.message;
  }

  private onSocketClose(): void {
    clearTimeout(this.closeTimer);
    // Neither an error nor a response: the server closed during the handshake.
    if (this.stateNow === "connecting") this.fail("socket hang up");
    this.stateNow = "closed";
    this.reading = false;
    this.pending = [];
    this.pendingBytes = 0;
    this.fragments = undefined;
    this.handlers.onClose?.(this.closeCode, this.closeReason);
  }

  private onData(chunk: Buffer): void {
    if (!this.reading) return;
    if (this.stateNow === "connecting") this.readHandshake(chunk);
    else this.readFrames(chunk);
  }

  /** Handshake failed: report it and drop the connection (no close handshake before open). */
  private abortHandshake(message: string): void {
    this.fail(message);
    this.terminate();
  }

  private readHandshake(chunk: Buffer): void {
    const head = this.head === undefined ? chunk : Buffer.concat([this.head, chunk]);
    // Judge the status as soon as its line is in: a refusal need not be read to its end.
    const statusEnd = head.indexOf("\r\n");
    if (statusEnd === -1) {
      this.keepHead(head);
      return;
    }
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(head.toString("latin1", 0, statusEnd))?.[1];
    if (status === undefined) {
      this.abortHandshake("Invalid HTTP response to the upgrade request");
      return;
    }
    if (status !== "101") {
      this.abortHandshake(`Unexpected server response: ${status}`);
      return;
    }
    const headEnd = head.indexOf("\r\n\r\n", statusEnd);
    if (headEnd === -1) {
      this.keepHead(head);
      return;
    }
    this.head = undefined;
    const problem = this.checkUpgradeHeaders(head.toString("latin1", statusEnd + 2, headEnd));
    if (problem !== undefined) {
      this.abortHandshake(problem);
      return;
    }
    this.stateNow = "open";
    this.handlers.onOpen?.();
    // The server may send its first frames in the same segment as the 101.
    if (this.reading && headEnd + 4 < head.length) this.readFrames(head.subarray(headEnd + 4));
  }

  /** Waits for the rest of an incomplete response head, within `MAX_RESPONSE_HEAD_BYTES`. */
  private keepHead(head: Buffer): void {
    if (head.length > MAX_RESPONSE_HEAD_BYTES) {
      this.abortHandshake(`Handshake response head over ${MAX_RESPONSE_HEAD_BYTES} bytes`);
    } else {
      this.head = head;
    }
  }

  /** What is wrong with a 101 response's headers, or undefined (RFC 6455 §4.1, client side). */
  private checkUpgradeHeaders(headers: string): string | undefined {
    let upgrade = "";
    let connection = "";
    let accept: string | undefined;
    for (const line of headers.split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === "upgrade") upgrade = value;
      else if (name === "connection") connection = value;
      else if (name === "sec-websocket-accept") accept = value;
      else if (name === "sec-websocket-extensions") {
        return "Server sent a Sec-WebSocket-Extensions header but no extension was requested";
      } else if (name === "sec-websocket-protocol") {
        return "Server sent a subprotocol but none was requested";
      }
    }
    if (upgrade.toLowerCase() !== "websocket") return "Invalid Upgrade header";
    if (!/(^|,)\s*upgrade\s*(,|$)/i.test(connection)) return "Invalid Connection header";
    if (accept !== this.expectedAccept) return "Invalid Sec-WebSocket-Accept header";
    return undefined;
  }

  /**
   * Parses every complete frame in `chunk` (plus what was pending). A frame that lies wholly in
   * one chunk is handed on as a view into it; the bytes of a frame split across chunks are kept
   * as they come and joined once, when all `needed` bytes are here.
   */
  private readFrames(chunk: Buffer): void {
    let data = chunk;
    if (this.pendingBytes > 0) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      if (this.pendingBytes < this.needed) return;
      data = Buffer.concat(this.pending, this.pendingBytes);
      this.pending = [];
      this.pendingBytes = 0;
    }
    let offset = 0;
    while (offset < data.length && this.reading) {
      const consumed = this.readFrame(data, offset);
      if (consumed === 0) break;
      offset += consumed;
    }
    if (this.reading && offset < data.length) {
      this.pending.push(offset === 0 ? data : data.subarray(offset));
      this.pendingBytes = data.length - offset;
    }
  }

  /**
   * Handles the frame starting at `offset`; returns its size, or 0 when it is incomplete (then
   * `needed` says how many bytes it takes to go on) or when reading stopped.
   */
  private readFrame(data: Buffer, offset: number): number {
    const available = data.length - offset;
    if (available < 2) {
      this.needed = 2;
      return 0;
    }
    const b0 = data[offset]!;
    const b1 = data[offset + 1]!;
    const fin = (b0 & 0x80) !== 0;
    const opcode = b0 & 0x0f;
    if ((b0 & 0x70) !== 0) return this.protocolError("reserved bits set (no extension agreed)");
    if ((b1 & 0x80) !== 0) return this.protocolError("masked frame from the server");
    const control = (opcode & 0x08) !== 0;
    if (control) {
      if (opcode !== OPCODE_CLOSE && opcode !== OPCODE_PING && opcode !== OPCODE_PONG) {
        return this.protocolError(`unknown opcode ${opcode}`);
      }
      if (!fin) return this.protocolError("fragmented control frame");
      if ((b1 & 0x7f) > MAX_CONTROL_PAYLOAD) return this.protocolError("control frame too long");
    } else if (opcode > OPCODE_BINARY) {
      return this.protocolError(`unknown opcode ${opcode}`);
    }

    let length = b1 & 0x7f;
    let headerBytes = 2;
    if (length === 126) {
      headerBytes = 4;
      if (available < headerBytes) {
        this.needed = headerBytes;
        return 0;
      }
      length = data.readUInt16BE(offset + 2);
    } else if (length === 127) {
      headerBytes = 10;
      if (available < headerBytes) {
        this.needed = headerBytes;
        return 0;
      }
      // Exact up to 2^53; anything near that is far over the limit anyway.
      length = data.readUInt32BE(offset + 2) * 0x1_0000_0000 + data.readUInt32BE(offset + 6);
    }
    const messageBytes = opcode === OPCODE_CONTINUATION ? this.fragmentsBytes + length : length;
    if (messageBytes > MAX_MESSAGE_BYTES) {
      return this.stop(
        CLOSE_MESSAGE_TOO_BIG,
        `message of ${messageBytes} bytes over the client's limit (${MAX_MESSAGE_BYTES})`,
      );
    }
    if (available < headerBytes + length) {
      this.needed = headerBytes + length;
      return 0;
    }
    const start = offset + headerBytes;
    const payload = data.subarray(start, start + length);
    if (control) this.onControlFrame(opcode, payload);
    else this.onDataFrame(fin, opcode, payload);
    return headerBytes + length;
  }

  private onDataFrame(fin: boolean, opcode: number, payload: Buffer): void {
    if (opcode === OPCODE_CONTINUATION) {
      if (this.fragments === undefined) {
        this.protocolError("continuation frame without a message to continue");
        return;
      }
      this.fragments.push(payload);
      this.fragmentsBytes += payload.length;
      if (!fin) return;
      const message = Buffer.concat(this.fragments, this.fragmentsBytes);
      this.fragments = undefined;
      this.fragmentsBytes = 0;
      this.deliver(this.fragmentsOpcode, message);
      return;
    }
    if (this.fragments !== undefined) {
      this.protocolError("new message before the fragmented one ended");
      return;
    }
    if (fin) {
      this.deliver(opcode, payload);
      return;
    }
    this.fragments = [payload];
    this.fragmentsBytes = payload.length;
    this.fragmentsOpcode = opcode;
  }

  private deliver(opcode: number, message: Buffer): void {
    // Text is not part of the y-websocket protocol: skipped rather than decoded and validated.
    if (opcode === OPCODE_TEXT) return;
    this.handlers.onMessage?.(message);
  }

  private onControlFrame(opcode: number, payload: Buffer): void {
    if (opcode === OPCODE_PING) {
      if (this.stateNow === "open") this.socket.write(encodeClientFrame(OPCODE_PONG, payload));
      return;
    }
    if (opcode === OPCODE_PONG) return;
    // Close frame.
    if (payload.length === 1) {
      this.protocolError("close frame with a 1-byte payload");
      return;
    }
    const code = payload.length >= 2 ? payload.readUInt16BE(0) : CLOSE_NO_STATUS;
    if (payload.length >= 2 && !isValidCloseCode(code)) {
      this.protocolError(`invalid close code ${code}`);
      return;
    }
    this.closeCode = code;
    // Not validated as UTF-8 (invalid bytes become U+FFFD): the reason is only reported.
    this.closeReason = payload.toString("utf8", 2);
    this.reading = false;
    this.stateNow = "closing";
    if (this.closeFrameSent) {
      this.socket.end();
    } else {
      // Answer with the same code (an empty close frame when there was none), then FIN.
      this.closeFrameSent = true;
      const echo = code === CLOSE_NO_STATUS ? EMPTY : closePayload(code);
      this.socket.end(encodeClientFrame(OPCODE_CLOSE, echo));
    }
    this.armCloseTimer();
  }

  private protocolError(message: string): 0 {
    return this.stop(CLOSE_PROTOCOL_ERROR, `Invalid WebSocket frame: ${message}`);
  }

  /** The server broke the protocol (or a limit): fail, send a close frame with `code`, FIN. */
  private stop(code: number, message: string): 0 {
    this.fail(message);
    this.reading = false;
    this.pending = [];
    this.pendingBytes = 0;
    this.fragments = undefined;
    if (this.stateNow === "open" || this.stateNow === "closing") {
      const frame = this.closeFrameSent
        ? undefined
        : encodeClientFrame(OPCODE_CLOSE, closePayload(code));
      this.closeFrameSent = true;
      this.stateNow = "closing";
      if (frame) this.socket.end(frame);
      else this.socket.end();
      this.armCloseTimer();
    }
    return 0;
  }
}

import { CloseCode } from "@tablecloth/protocol";

/**
 * An incremental parser of client-to-server WebSocket frames (RFC 6455 §5), fed the TCP chunks as
 * they arrive (split anywhere). It reports whole messages (fragments assembled) and control frames
 * to its handler, or a protocol error with the close code to send, after which it stops for good.
 *
 * Copies are avoided on the common path: a frame that lies inside one chunk is unmasked in place
 * and handed on as a view into that chunk (Node never reuses a socket's read buffers, so the view
 * stays valid; `ws` does the same). Only a frame that spans chunks is copied, into one buffer of
 * its announced length, allocated after the length was checked against `maxPayloadBytes`.
 */

/** Largest payload of a control frame (close, ping, pong), RFC 6455 §5.5. */
export const MAX_CONTROL_PAYLOAD = 125;
/** Largest frame header: 2 bytes, an 8-byte extended length, a 4-byte mask (§5.2). */
const MAX_HEADER_BYTES = 14;
/**
 * A frame spanning chunks up to this size gets its whole buffer when its header is read; a larger
 * one is kept as the chunks come and joined when complete, so a 14-byte header announcing
 * `maxPayloadBytes` (32 MiB by default) cannot make the server allocate that much up front.
 */
export const PREALLOCATE_MAX_BYTES = 64 * 1024;
/** First buffer of a fragmented message (it doubles from there, up to `maxPayloadBytes`). */
const MIN_MESSAGE_BUFFER_BYTES = 1024;

export const OPCODE_CONTINUATION = 0x0;
export const OPCODE_TEXT = 0x1;
export const OPCODE_BINARY = 0x2;
export const OPCODE_CLOSE = 0x8;
export const OPCODE_PING = 0x9;
export const OPCODE_PONG = 0xa;

/** Close codes the parser reports (§7.4.1). */
export const CLOSE_PROTOCOL_ERROR = 1002;
export const CLOSE_INVALID_DATA = 1007;
/**
 * A message over `maxPayloadBytes`: our final TooLarge (4413), not RFC 6455's 1009, which the
 * stock y-websocket client retries: a client holding an oversize doc reconnected and resent it
 * every 2.5 s, forever.
 */
export const CLOSE_MESSAGE_TOO_BIG = CloseCode.TooLarge;

/** What the parser reports. Called synchronously from `push`. */
export interface FrameHandler {
  /** A whole data message; `data` may be a view into a received chunk. */
  onFrameMessage(data: Buffer, binary: boolean): void;
  onFramePing(payload: Buffer): void;
  onFramePong(payload: Buffer): void;
  /** A close frame (payload unchecked: see `checkClosePayload`). The parser has stopped. */
  onFrameClose(payload: Buffer): void;
  /** The peer broke the protocol; close with `code`. The parser has stopped. */
  onFrameError(code: number, reason: string): void;
}

/**
 * XORs `buf[start, end)` with the 4-byte `mask` (big-endian), byte `start` taking mask byte
 * `phase` (0–3). Four bytes at a time with the key bytes in locals, then the tail.
 */
export function unmask(buf: Buffer, start: number, end: number, mask: number, phase: number): void {
  const shift = (phase & 3) * 8;
  // Rotate so that the byte at `start` uses the first key byte.
  const key = shift === 0 ? mask : ((mask << shift) | (mask >>> (32 - shift))) >>> 0;
  const m0 = key >>> 24;
  const m1 = (key >>> 16) & 0xff;
  const m2 = (key >>> 8) & 0xff;
  const m3 = key & 0xff;
  let i = start;
  for (const stop = end - 3; i < stop; i += 4) {
    buf[i] = buf[i]! ^ m0;
    buf[i + 1] = buf[i + 1]! ^ m1;
    buf[i + 2] = buf[i + 2]! ^ m2;
    buf[i + 3] = buf[i + 3]! ^ m3;
  }
  if (i < end) buf[i] = buf[i]! ^ m0;
  if (i + 1 < end) buf[i + 1] = buf[i + 1]! ^ m1;
  if (i + 2 < end) buf[i + 2] = buf[i + 2]! ^ m2;
}

export class FrameParser {
  /** False once parsing stopped for good (close frame, protocol error, or `stop()`). */
  active = true;
  /** Bytes of a header split across chunks (lazily allocated, `MAX_HEADER_BYTES`). */
  private header: Buffer | null = null;
  private headerBytes = 0;
  /** The current frame (set by `parseHeader`). */
  private fin = false;
  private opcode = 0;
  private length = 0;
  private mask = 0;
  /** Payload of a frame that spans chunks, filled as they come; null otherwise. */
  private payload: Buffer | null = null;
  /** Instead of `payload` for a frame over `PREALLOCATE_MAX_BYTES`: its bytes so far (masked). */
  private parts: Buffer[] | null = null;
  /** Payload bytes of the current frame received so far (in `payload` or `parts`). */
  private payloadFilled = 0;
  /** Opcode of the fragmented message in progress (text or binary), 0 if none. */
  private messageOpcode = 0;
  /**
   * The fragments of that message so far, copied one after the other into a buffer that doubles
   * when full (so memory follows the bytes received, whatever the number of fragments: a list of
   * views would cost ~100 bytes per 1-byte fragment). Null when no message is in progress.
   */
  private message: Buffer | null = null;
  private fragmentsBytes = 0;

  constructor(
    private readonly handler: FrameHandler,
    /** Largest message (fragments together) accepted; larger → 4413, before any buffering. */
    private readonly maxPayloadBytes: number,
  ) {}

  /** Stops parsing for good: later chunks are ignored. */
  stop(): void {
    this.active = false;
    this.payload = null;
    this.parts = null;
    this.header = null;
    this.message = null;
  }

  /** Parses `chunk`, reporting every frame it completes. */
  push(chunk: Buffer): void {
    let offset = 0;
    const end = chunk.length;
    while (this.active && offset < end) {
      if (this.payload !== null) offset = this.continuePayload(chunk, offset);
      else if (this.parts !== null) offset = this.continueParts(chunk, offset);
      else if (this.headerBytes > 0) offset = this.continueHeader(chunk, offset);
      else offset = this.readFrame(chunk, offset);
    }
  }

  /** A frame starting at `offset` of `chunk`; returns where parsing goes on. */
  private readFrame(chunk: Buffer, offset: number): number {
    const headerLength = this.parseHeader(chunk, offset, chunk.length - offset);
    if (headerLength < 0) return chunk.length;
    if (headerLength === 0) {
      // Incomplete header: keep its bytes (fewer than `MAX_HEADER_BYTES`).
      this.header ??= Buffer.allocUnsafe(MAX_HEADER_BYTES);
      const header = this.header;
      this.headerBytes = chunk.copy(header, 0, offset);
      return chunk.length;
    }
    return this.startPayload(chunk, offset + headerLength);
  }

  /** More bytes of a header split across chunks. */
  private continueHeader(chunk: Buffer, offset: number): number {
    const header = this.header as Buffer;
    const had = this.headerBytes;
    const copied = chunk.copy(header, had, offset, offset + (MAX_HEADER_BYTES - had));
    const headerLength = this.parseHeader(header, 0, had + copied);
    if (headerLength < 0) return chunk.length;
    if (headerLength === 0) {
      // Still incomplete, so the whole chunk went into `header`.
      this.headerBytes = had + copied;
      return offset + copied;
    }
    this.headerBytes = 0;
    return this.startPayload(chunk, offset + headerLength - had);
  }

  /**
   * Reads the header at `buf[at, at + available)` into the frame fields. Returns its length, 0 if
   * incomplete, or -1 after reporting a protocol error. Errors are reported as soon as the bytes
   * that show them are here.
   */
  private parseHeader(buf: Buffer, at: number, available: number): number {
    if (available < 2) return 0;
    const b0 = buf[at]!;
    const b1 = buf[at + 1]!;
    const fin = (b0 & 0x80) !== 0;
    const opcode = b0 & 0x0f;
    if ((b0 & 0x70) !== 0) return this.fail(CLOSE_PROTOCOL_ERROR, "reserved bits set");
    if ((b1 & 0x80) === 0) return this.fail(CLOSE_PROTOCOL_ERROR, "client frame not masked");
    let length = b1 & 0x7f;
    if (opcode >= OPCODE_CLOSE) {
      if (opcode > OPCODE_PONG) return this.fail(CLOSE_PROTOCOL_ERROR, "unknown opcode");
      if (!fin) return this.fail(CLOSE_PROTOCOL_ERROR, "fragmented control frame");
      if (length > MAX_CONTROL_PAYLOAD) {
        return this.fail(CLOSE_PROTOCOL_ERROR, "control frame too long");
      }
    } else if (opcode > OPCODE_BINARY) {
      return this.fail(CLOSE_PROTOCOL_ERROR, "unknown opcode");
    } else if (opcode === OPCODE_CONTINUATION) {
      if (this.messageOpcode === 0) {
        return this.fail(CLOSE_PROTOCOL_ERROR, "continuation without a message");
      }
    } else if (this.messageOpcode !== 0) {
      return this.fail(CLOSE_PROTOCOL_ERROR, "new message inside a fragmented one");
    }
    let headerLength = 6;
    if (length === 126) {
      headerLength = 8;
      if (available < 4) return 0;
      length = buf.readUInt16BE(at + 2);
    } else if (length === 127) {
      headerLength = 14;
      if (available < 10) return 0;
      const high = buf.readUInt32BE(at + 2);
      if (high >= 0x8000_0000) return this.fail(CLOSE_PROTOCOL_ERROR, "64-bit length top bit set");
      length = high * 0x1_0000_0000 + buf.readUInt32BE(at + 6);
    }
    // Data frames only (control frames are ≤ 125): the message so far plus this frame.
    if (opcode < OPCODE_CLOSE && this.fragmentsBytes + length > this.maxPayloadBytes) {
      return this.fail(CLOSE_MESSAGE_TOO_BIG, "message too big");
    }
    if (available < headerLength) return 0;
    this.fin = fin;
    this.opcode = opcode;
    this.length = length;
    this.mask = buf.readUInt32BE(at + headerLength - 4);
    return headerLength;
  }

  /** The payload of the current frame starts at `offset` of `chunk`. */
  private startPayload(chunk: Buffer, offset: number): number {
    const length = this.length;
    const stop = offset + length;
    if (stop <= chunk.length) {
      unmask(chunk, offset, stop, this.mask, 0);
      this.frame(chunk.subarray(offset, stop));
      return stop;
    }
    if (length > PREALLOCATE_MAX_BYTES) {
      this.parts = [chunk.subarray(offset)];
      this.payloadFilled = chunk.length - offset;
      return chunk.length;
    }
    const payload = Buffer.allocUnsafe(length);
    const copied = chunk.copy(payload, 0, offset);
    unmask(payload, 0, copied, this.mask, 0);
    this.payload = payload;
    this.payloadFilled = copied;
    return chunk.length;
  }

  /** More bytes of a payload that spans chunks. */
  private continuePayload(chunk: Buffer, offset: number): number {
    const payload = this.payload as Buffer;
    const filled = this.payloadFilled;
    const copied = chunk.copy(payload, filled, offset, offset + (payload.length - filled));
    unmask(payload, filled, filled + copied, this.mask, filled);
    this.payloadFilled = filled + copied;
    if (this.payloadFilled === payload.length) {
      this.payload = null;
      this.frame(payload);
    }
    return offset + copied;
  }

  /** More bytes of a large payload that spans chunks (see `PREALLOCATE_MAX_BYTES`). */
  private continueParts(chunk: Buffer, offset: number): number {
    const parts = this.parts as Buffer[];
    const take = Math.min(this.length - this.payloadFilled, chunk.length - offset);
    parts.push(take === chunk.length ? chunk : chunk.subarray(offset, offset + take));
    this.payloadFilled += take;
    if (this.payloadFilled === this.length) {
      this.parts = null;
      const payload = Buffer.concat(parts, this.length);
      unmask(payload, 0, payload.length, this.mask, 0);
      this.frame(payload);
    }
    return offset + take;
  }

  /** A whole frame with its payload unmasked. */
  private frame(payload: Buffer): void {
    const opcode = this.opcode;
    switch (opcode) {
      case OPCODE_CLOSE:
        this.stop();
        this.handler.onFrameClose(payload);
        return;
      case OPCODE_PING:
        this.handler.onFramePing(payload);
        return;
      case OPCODE_PONG:
        this.handler.onFramePong(payload);
        return;
      case OPCODE_CONTINUATION: {
        this.appendFragment(payload);
        if (!this.fin) return;
        const data = (this.message as Buffer).subarray(0, this.fragmentsBytes);
        const binary = this.messageOpcode === OPCODE_BINARY;
        this.message = null;
        this.fragmentsBytes = 0;
        this.messageOpcode = 0;
        this.handler.onFrameMessage(data, binary);
        return;
      }
      default:
        if (this.fin) {
          this.handler.onFrameMessage(payload, opcode === OPCODE_BINARY);
          return;
        }
        this.messageOpcode = opcode;
        this.appendFragment(payload);
    }
  }

  /** Appends a fragment to `message` (the header check kept the total ≤ `maxPayloadBytes`). */
  private appendFragment(payload: Buffer): void {
    const filled = this.fragmentsBytes;
    const needed = filled + payload.length;
    let message = this.message;
    if (message === null || needed > message.length) {
      const capacity = Math.min(
        this.maxPayloadBytes,
        Math.max(needed, 2 * (message?.length ?? 0), MIN_MESSAGE_BUFFER_BYTES),
      );
      const grown = Buffer.allocUnsafe(Math.max(capacity, needed));
      if (message !== null) message.copy(grown, 0, 0, filled);
      message = grown;
      this.message = grown;
    }
    payload.copy(message, filled);
    this.fragmentsBytes = needed;
  }

  private fail(code: number, reason: string): -1 {
    this.stop();
    this.handler.onFrameError(code, reason);
    return -1;
  }
}

/**
 * A close code a peer may send in a close frame (RFC 6455 §7.4): 1000–1003, 1007–1011, and
 * 3000–4999 (libraries, apps). 1004–1006 and 1015 are reserved (never sent); the rest of
 * 0–2999 is unassigned or registered after RFC 6455 (the Autobahn suite's list).
 */
export function isValidCloseCode(code: number): boolean {
  return (
    (code >= 1000 && code <= 1003) ||
    (code >= 1007 && code <= 1011) ||
    (code >= 3000 && code <= 4999)
  );
}

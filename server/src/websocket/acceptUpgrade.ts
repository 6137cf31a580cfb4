import { hash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

/**
 * The server side of the opening handshake (RFC 6455 §4.2). Node's HTTP server has parsed the
 * request by then: the size of its head is bounded by Node's own limit (`http.maxHeaderSize`,
 * 16 KiB unless `--max-http-header-size` says otherwise), so no limit of ours applies here.
 *
 * No extension is ever negotiated (`Sec-WebSocket-Extensions` is ignored: no permessage-deflate)
 * and no subprotocol is selected.
 */

/** RFC 6455 §1.3: appended to the key before hashing it into `Sec-WebSocket-Accept`. */
const HANDSHAKE_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
/** The only protocol version (RFC 6455 §4.4). */
const WEBSOCKET_VERSION = "13";
/** Base64 of 16 bytes: 22 characters then `==` (§4.1: a random 16-byte value, base64-encoded). */
const KEY_PATTERN = /^[+/0-9A-Za-z]{22}==$/;
/** `upgrade` as one of the comma-separated tokens of `Connection` (case-insensitive). */
const CONNECTION_UPGRADE = /(?:^|,)\s*upgrade\s*(?:,|$)/i;

/** Why a handshake is refused: the HTTP status, any header the response must carry, and why. */
export interface HandshakeRefusal {
  status: number;
  /** Extra header lines, each ending in CRLF. */
  headers: string;
  /** What was wrong, for the response body (plain ASCII; names the header, never echoes it). */
  reason: string;
}

function badRequest(reason: string): HandshakeRefusal {
  return { status: 400, headers: "", reason };
}

const BAD_METHOD: HandshakeRefusal = {
  status: 405,
  headers: "Allow: GET\r\n",
  reason: "a WebSocket handshake is a GET request",
};
const BAD_UPGRADE = badRequest("the Upgrade header must be websocket");
const BAD_CONNECTION = badRequest("the Connection header must include upgrade");
const BAD_KEY = badRequest("Sec-WebSocket-Key must be 16 bytes in base64");
/** §4.4: an unsupported version gets 426 and the versions the server speaks. */
const BAD_VERSION: HandshakeRefusal = {
  status: 426,
  headers: `Sec-WebSocket-Version: ${WEBSOCKET_VERSION}\r\n`,
  reason: `Sec-WebSocket-Version must be ${WEBSOCKET_VERSION}`,
};

/** What is wrong with an upgrade request, or null if it is a valid WebSocket handshake. */
export function checkHandshake(req: IncomingMessage): HandshakeRefusal | null {
  if (req.method !== "GET") return BAD_METHOD;
  const headers = req.headers;
  if (headers.upgrade?.toLowerCase() !== "websocket") return BAD_UPGRADE;
  const connection = headers.connection;
  if (connection === undefined || !CONNECTION_UPGRADE.test(connection)) return BAD_CONNECTION;
  if (headers["sec-websocket-version"] !== WEBSOCKET_VERSION) return BAD_VERSION;
  const key = headers["sec-websocket-key"];
  if (key === undefined || !KEY_PATTERN.test(key)) return BAD_KEY;
  return null;
}

/** `Sec-WebSocket-Accept` for `key`: base64(sha1(key + GUID)). */
export function acceptKey(key: string): string {
  return hash("sha1", key + HANDSHAKE_GUID, "base64");
}

/**
 * Completes the handshake of a request `checkHandshake` passed: writes the 101 response. Returns
 * false (and destroys the socket) if the socket went away meanwhile (e.g. while access was being
 * decided).
 */
export function acceptUpgrade(req: IncomingMessage, socket: Duplex): boolean {
  if (!socket.readable || !socket.writable || socket.destroyed) {
    socket.destroy();
    return false;
  }
  const key = req.headers["sec-websocket-key"] as string;
  socket.write(
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      `Sec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`,
    "latin1",
  );
  return true;
}

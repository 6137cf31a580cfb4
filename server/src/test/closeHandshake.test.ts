import { createHash, randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { makeTempDir, removeDir, startTestServer } from "./testServer";
import { pollUntil, withTimeout } from "./waitFor";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** A masked client frame (FIN set). */
function clientFrame(opcode: number, payload: Uint8Array): Buffer {
  const mask = randomBytes(4);
  const head = Buffer.from([0x80 | opcode, 0x80 | payload.byteLength]);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i] = (body[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return Buffer.concat([head, mask, body]);
}

/**
 * A client that completes the WebSocket handshake and the closing handshake, but never closes its
 * side of the TCP connection (a phone that went to sleep right after tapping "leave").
 */
async function openRaw(
  port: number,
  path: string,
): Promise<{ socket: Socket; read: () => Buffer }> {
  // allowHalfOpen: receiving the server's FIN must not make this client send its own.
  const socket = connect({ port, host: "127.0.0.1", allowHalfOpen: true });
  socket.setNoDelay(true);
  const key = randomBytes(16).toString("base64");
  let received = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  const head = await pollUntil(async () => {
    const end = received.indexOf("\r\n\r\n");
    return end === -1 ? undefined : received.subarray(0, end).toString("latin1");
  }, "the upgrade response");
  expect(head).toMatch(/^HTTP\/1\.1 101/);
  const accept = createHash("sha1").update(`${key}${GUID}`).digest("base64");
  expect(head).toContain(`Sec-WebSocket-Accept: ${accept}`);
  return { socket, read: () => received };
}

describe("closing handshake", () => {
  it("frees the server's socket once both close frames went, without waiting for the client's FIN", async () => {
    const dataDir = await makeTempDir();
    const server = await startTestServer({ dataDir });
    try {
      const port = Number(new URL(server.url).port);
      const { socket, read } = await openRaw(port, "/sync/close-handshake");
      await pollUntil(
        async () => (server.transport.metrics.openSockets === 1 ? true : undefined),
        "the socket to be accepted",
      );
      let serverEnded = false;
      socket.on("end", () => {
        serverEnded = true;
      });
      // Close 1000; the client then stays half-open: it never calls end().
      socket.write(clientFrame(0x8, Uint8Array.from([0x03, 0xe8])));
      await withTimeout(
        pollUntil(
          async () => (server.transport.metrics.openSockets === 0 ? true : undefined),
          "the server to free the socket",
        ),
        2_000,
        "the server socket to close without the client's FIN",
      );
      expect(server.syncServer.metrics.connections).toBe(0);
      expect(serverEnded).toBe(true);
      // The server's close frame (code 1000) arrived before its FIN.
      const all = read();
      const close = all.lastIndexOf(Buffer.from([0x88, 0x02, 0x03, 0xe8]));
      expect(close).toBeGreaterThan(0);
      socket.destroy();
    } finally {
      await server.close();
      await removeDir(dataDir);
    }
  });
});

describe("opening handshake refusals", () => {
  it("say which header was wrong, and never echo it back", async () => {
    const dataDir = await makeTempDir();
    const server = await startTestServer({ dataDir });
    try {
      const port = Number(new URL(server.url).port);
      const ask = async (headers: string): Promise<string> => {
        const socket = connect({ port, host: "127.0.0.1" });
        let text = "";
        socket.on("data", (chunk: Buffer) => {
          text += chunk.toString("latin1");
        });
        socket.on("error", () => {});
        socket.write(
          `GET /sync/refusals HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n${headers}\r\n`,
        );
        await withTimeout(
          new Promise((resolve) => socket.once("close", resolve)),
          5_000,
          "the refusal",
        );
        return text;
      };
      const badKey = await ask(
        "Connection: Upgrade\r\nSec-WebSocket-Key: <script>\r\nSec-WebSocket-Version: 13\r\n",
      );
      expect(badKey).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(badKey).toMatch(/\r\n\r\nBad Request: Sec-WebSocket-Key must be 16 bytes in base64$/);
      expect(badKey).not.toContain("<script>");
      const badVersion = await ask(
        `Connection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 8\r\n`,
      );
      expect(badVersion).toMatch(/^HTTP\/1\.1 426 /);
      expect(badVersion).toContain("Sec-WebSocket-Version: 13\r\n");
      expect(badVersion).toMatch(/Sec-WebSocket-Version must be 13$/);
    } finally {
      await server.close();
      await removeDir(dataDir);
    }
  });
});

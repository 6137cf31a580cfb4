// Over 400 lines on purpose: the load generator's RFC 6455 client has one test per protocol case
// (framing, masking, fragments, close codes, back-pressure); kept in one file beside it.
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { sleep } from "./clock";
import { waitUntil, withTempDir } from "./measure";
import { provisionDocs } from "./provision";
import { RawClient } from "./RawClient";
import { startServer } from "./servers";
import { MAX_MESSAGE_BYTES, WireSocket } from "./WireSocket";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** Everything a WireSocket reported, with promises for the moments a test waits on. */
interface Observed {
  socket: WireSocket;
  messages: Buffer[];
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  errors: string[];
  /** Resolves once `count` messages arrived. */
  received(count: number): Promise<Buffer[]>;
}

function observe(url: string): Observed {
  const messages: Buffer[] = [];
  const errors: string[] = [];
  const waiters: Array<{ count: number; wake: () => void }> = [];
  let opened: () => void = () => {};
  let closed: (value: { code: number; reason: string }) => void = () => {};
  const openedPromise = new Promise<void>((resolve) => {
    opened = resolve;
  });
  const closedPromise = new Promise<{ code: number; reason: string }>((resolve) => {
    closed = resolve;
  });
  const socket = new WireSocket(url, {
    onOpen: () => opened(),
    onMessage: (data) => {
      // Copy: the test keeps messages beyond the callback.
      messages.push(Buffer.from(data));
      for (const waiter of waiters.filter((w) => messages.length >= w.count)) waiter.wake();
    },
    onError: (message) => errors.push(message),
    onClose: (code, reason) => closed({ code, reason }),
  });
  return {
    socket,
    messages,
    errors,
    opened: openedPromise,
    closed: closedPromise,
    received: (count) =>
      messages.length >= count
        ? Promise.resolve(messages)
        : new Promise((resolve) => waiters.push({ count, wake: () => resolve(messages) })),
  };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real `ws` server on 127.0.0.1; resolves with its URL and the next server-side socket. */
async function wsServer(
  options: ConstructorParameters<typeof WebSocketServer>[0] = {},
): Promise<{ url: string; server: WebSocketServer; nextSocket: () => Promise<WebSocket> }> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0, ...options });
  await once(server, "listening");
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `ws://127.0.0.1:${port}/sync/room?token=abc`,
    server,
    nextSocket: async () => {
      const [socket] = (await once(server, "connection")) as [WebSocket];
      return socket;
    },
  };
}

/** A plain TCP server that reads the upgrade request head and lets the test answer by hand. */
async function rawServer(
  answer: (socket: Socket, key: string) => void | Promise<void>,
): Promise<{ url: string; clientBytes: () => Buffer }> {
  let received = Buffer.alloc(0);
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    let answered = false;
    socket.on("error", () => {});
    socket.on("data", (chunk) => {
      received = Buffer.concat([received, chunk]);
      const text = received.toString("latin1");
      if (answered || !text.includes("\r\n\r\n")) return;
      answered = true;
      const key = /sec-websocket-key: *(\S+)/i.exec(text)?.[1] ?? "";
      received = received.subarray(text.indexOf("\r\n\r\n") + 4);
      void answer(socket, key);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return { url: `ws://127.0.0.1:${port}/x`, clientBytes: () => received };
}

function acceptFor(key: string): string {
  return createHash("sha1")
    .update(key + GUID)
    .digest("base64");
}

function switchingProtocols(accept: string): string {
  return [
    "HTTP/1.1 101 Switching Protocols",
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Accept: ${accept}`,
    "",
    "",
  ].join("\r\n");
}

/** An unmasked server frame. */
function serverFrame(opcode: number, payload: Uint8Array, fin = true): Buffer {
  const length = payload.length;
  const header =
    length < 126 ? Buffer.alloc(2) : length <= 0xffff ? Buffer.alloc(4) : Buffer.alloc(10);
  header[0] = (fin ? 0x80 : 0) | opcode;
  if (length < 126) header[1] = length;
  else if (length <= 0xffff) {
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

/** Decodes the (masked) frames a client sent, e.g. to read its close frame. */
function clientFrames(bytes: Buffer): Array<{ opcode: number; payload: Buffer; mask: string }> {
  const frames: Array<{ opcode: number; payload: Buffer; mask: string }> = [];
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at]! & 0x0f;
    expect(bytes[at + 1]! & 0x80).toBe(0x80);
    let length = bytes[at + 1]! & 0x7f;
    let header = 2;
    if (length === 126) {
      length = bytes.readUInt16BE(at + 2);
      header = 4;
    } else if (length === 127) {
      length = Number(bytes.readBigUInt64BE(at + 2));
      header = 10;
    }
    const mask = bytes.subarray(at + header, at + header + 4);
    const payload = Buffer.from(bytes.subarray(at + header + 4, at + header + 4 + length));
    for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ mask[i & 3]!;
    frames.push({ opcode, payload, mask: mask.toString("hex") });
    at += header + 4 + length;
  }
  return frames;
}

function bytes(length: number, seed = 7): Buffer {
  const data = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) data[i] = (i * 31 + seed) & 0xff;
  return data;
}

/** Writes `data` in pieces of `size` bytes with a pause between, so they arrive as many reads. */
async function trickle(socket: Socket, data: Buffer, size = 1): Promise<void> {
  for (let at = 0; at < data.length; at += size) {
    socket.write(data.subarray(at, at + size));
    await sleep(1);
  }
}

describe("WireSocket against a ws server", () => {
  it("completes the handshake and sends the path and query", async () => {
    const { url, server } = await wsServer();
    const request = once(server, "connection");
    const client = observe(url);
    await client.opened;
    const [, req] = (await request) as [
      WebSocket,
      { url?: string; headers: Record<string, unknown> },
    ];
    expect(req.url).toBe("/sync/room?token=abc");
    expect(req.headers["sec-websocket-extensions"]).toBeUndefined();
    expect(client.socket.state).toBe("open");
    expect(client.errors).toEqual([]);
  });

  it("sends masked frames of every length class, which ws accepts and echoes", async () => {
    const { url, nextSocket } = await wsServer();
    const client = observe(url);
    const peer = await nextSocket();
    const received: Buffer[] = [];
    peer.on("message", (data: Buffer, isBinary: boolean) => {
      expect(isBinary).toBe(true);
      received.push(data);
      peer.send(data);
    });
    await client.opened;
    const sizes = [0, 1, 5, 125, 126, 300, 65_535, 65_536, 70_000];
    for (const size of sizes) expect(client.socket.send(bytes(size, size))).toBe(true);
    const echoed = await client.received(sizes.length);
    expect(received.map((m) => m.length)).toEqual(sizes);
    sizes.forEach((size, i) => {
      expect(received[i]?.equals(bytes(size, size))).toBe(true);
      expect(echoed[i]?.equals(bytes(size, size))).toBe(true);
    });
    expect(client.errors).toEqual([]);
  });

  it("receives 16-bit and 64-bit lengths, and skips text messages", async () => {
    const { url, nextSocket } = await wsServer();
    const client = observe(url);
    const peer = await nextSocket();
    await client.opened;
    peer.send("text is not part of the protocol");
    peer.send(bytes(300));
    peer.send(bytes(70_000));
    peer.send(bytes(3));
    const messages = await client.received(3);
    expect(messages.map((m) => m.length)).toEqual([300, 70_000, 3]);
    expect(messages[1]?.equals(bytes(70_000))).toBe(true);
  });

  it("assembles fragmented messages, with a ping in between answered by a pong", async () => {
    const { url, nextSocket } = await wsServer();
    const client = observe(url);
    const peer = await nextSocket();
    await client.opened;
    const pong = once(peer, "pong");
    peer.send(bytes(10, 1), { binary: true, fin: false });
    peer.ping(Buffer.from("mid-message"));
    peer.send(bytes(200, 2), { binary: true, fin: false });
    peer.send(bytes(5, 3), { binary: true, fin: true });
    peer.send(bytes(4, 4));
    const messages = await client.received(2);
    expect(messages[0]?.equals(Buffer.concat([bytes(10, 1), bytes(200, 2), bytes(5, 3)]))).toBe(
      true,
    );
    expect(messages[1]?.equals(bytes(4, 4))).toBe(true);
    const [payload] = (await pong) as [Buffer];
    expect(payload.toString()).toBe("mid-message");
  });

  it("answers a ping with a pong carrying the same payload", async () => {
    const { url, nextSocket } = await wsServer();
    const client = observe(url);
    const peer = await nextSocket();
    await client.opened;
    const pong = once(peer, "pong");
    peer.ping(Buffer.from([1, 2, 3, 250]));
    const [payload] = (await pong) as [Buffer];
    expect([...payload]).toEqual([1, 2, 3, 250]);
  });

  it("records a server-initiated close and answers it with the same code", async () => {
    const { url, nextSocket } = await wsServer();
    const client = observe(url);
    const peer = await nextSocket();
    await client.opened;
    const peerClosed = once(peer, "close");
    peer.close(4001, "table moved");
    expect(await client.closed).toEqual({ code: 4001, reason: "table moved" });
    const [code] = (await peerClosed) as [number, Buffer];
    expect(code).toBe(4001);
    expect(client.socket.state).toBe("closed");
    expect(client.errors).toEqual([]);
  });

  it("reports 1005 for a close frame without a code", async () => {
    const { url, nextSocket } = await wsServer();
    const client = observe(url);
    const peer = await nextSocket();
    await client.opened;
    const peerClosed = once(peer, "close");
    peer.close();
    expect((await client.closed).code).toBe(1005);
    const [code] = (await peerClosed) as [number, Buffer];
    expect(code).toBe(1005);
  });

  it("completes a client-initiated close handshake well within the timeout", async () => {
    const { url, nextSocket } = await wsServer();
    const client = observe(url);
    const peer = await nextSocket();
    await client.opened;
    const peerClosed = once(peer, "close");
    const started = Date.now();
    client.socket.close();
    expect(client.socket.send(bytes(1))).toBe(false);
    expect((await client.closed).code).toBe(1000);
    expect(Date.now() - started).toBeLessThan(1_000);
    const [code] = (await peerClosed) as [number, Buffer];
    expect(code).toBe(1000);
    expect(client.errors).toEqual([]);
  });

  it("fails with the status when the upgrade is refused", async () => {
    const { url } = await wsServer({
      verifyClient: (_info, done) => done(false, 429, "Too Many Requests"),
    });
    const client = observe(url);
    expect((await client.closed).code).toBe(1006);
    expect(client.errors).toEqual(["Unexpected server response: 429"]);
  });

  it("fails when closed while still connecting", async () => {
    const { url } = await wsServer();
    const client = observe(url);
    client.socket.close();
    expect((await client.closed).code).toBe(1006);
    expect(client.errors).toEqual(["WebSocket was closed before the connection was established"]);
  });
});

describe("WireSocket against a hand-written server", () => {
  it("rejects a wrong Sec-WebSocket-Accept", async () => {
    const { url } = await rawServer((socket) => {
      socket.write(switchingProtocols(acceptFor("not the key")));
    });
    const client = observe(url);
    let opened = false;
    void client.opened.then(() => {
      opened = true;
    });
    expect((await client.closed).code).toBe(1006);
    expect(client.errors).toEqual(["Invalid Sec-WebSocket-Accept header"]);
    expect(opened).toBe(false);
  });

  it("fails with the status of an error response that closes the connection", async () => {
    const { url } = await rawServer((socket) => {
      socket.end(
        "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 9\r\n\r\nNot Found",
      );
    });
    const client = observe(url);
    await client.closed;
    expect(client.errors).toEqual(["Unexpected server response: 404"]);
  });

  it("fails when the server hangs up without answering", async () => {
    const { url } = await rawServer((socket) => {
      socket.end();
    });
    const client = observe(url);
    await client.closed;
    expect(client.errors).toEqual(["socket hang up"]);
  });

  it("reports a refused connection", async () => {
    const { url } = await rawServer(() => {});
    const closedPort = url.replace(/:\d+/, ":1");
    const client = observe(closedPort);
    await client.closed;
    expect(client.errors[0]).toMatch(/ECONNREFUSED/);
  });

  it("assembles a handshake and frames that arrive one byte per read", async () => {
    const frames = Buffer.concat([
      serverFrame(0x2, bytes(3, 1)),
      serverFrame(0x2, bytes(300, 2)),
      serverFrame(0x2, bytes(4, 3), false),
      serverFrame(0x9, Buffer.from("p")),
      serverFrame(0x0, bytes(130, 4), true),
    ]);
    const { url, clientBytes } = await rawServer(async (socket, key) => {
      await trickle(socket, Buffer.from(switchingProtocols(acceptFor(key)), "latin1"));
      await trickle(socket, frames);
      // A 64-bit length: header byte by byte, then the payload in larger pieces.
      const big = serverFrame(0x2, bytes(70_000, 5));
      await trickle(socket, big.subarray(0, 10));
      await trickle(socket, big.subarray(10), 16_384);
    });
    const client = observe(url);
    const messages = await client.received(4);
    expect(messages[0]?.equals(bytes(3, 1))).toBe(true);
    expect(messages[1]?.equals(bytes(300, 2))).toBe(true);
    expect(messages[2]?.equals(Buffer.concat([bytes(4, 3), bytes(130, 4)]))).toBe(true);
    expect(messages[3]?.equals(bytes(70_000, 5))).toBe(true);
    const pong = clientFrames(clientBytes()).find((f) => f.opcode === 0xa);
    expect(pong?.payload.toString()).toBe("p");
  });

  it("masks every frame with a fresh random key", async () => {
    const { url, clientBytes } = await rawServer((socket, key) => {
      socket.write(switchingProtocols(acceptFor(key)));
    });
    const client = observe(url);
    await client.opened;
    const sent = [bytes(3), bytes(200), bytes(0), bytes(3)];
    for (const message of sent) client.socket.send(message);
    // Each frame: 2 header bytes (4 for 200), a 4-byte mask, the payload.
    const frameBytes = sent.reduce((sum, m) => sum + m.length + (m.length < 126 ? 6 : 8), 0);
    expect(await waitUntil(() => clientBytes().length >= frameBytes, 5_000, 5)).toBe(true);
    const frames = clientFrames(clientBytes());
    expect(frames.map((f) => f.opcode)).toEqual([2, 2, 2, 2]);
    expect(frames.map((f) => f.payload.toString("hex"))).toEqual(
      sent.map((m) => m.toString("hex")),
    );
    expect(new Set(frames.map((f) => f.mask)).size).toBe(frames.length);
  });

  it("hands over frames that came in the same segment as the 101", async () => {
    const { url } = await rawServer((socket, key) => {
      socket.write(
        Buffer.concat([
          Buffer.from(switchingProtocols(acceptFor(key)), "latin1"),
          serverFrame(0x2, bytes(2, 1)),
          serverFrame(0x2, bytes(2, 2)),
        ]),
      );
    });
    const client = observe(url);
    const messages = await client.received(2);
    expect(messages[1]?.equals(bytes(2, 2))).toBe(true);
  });

  it.each([
    ["a masked frame", Buffer.from([0x82, 0x81, 1, 2, 3, 4, 5]), /masked/],
    ["reserved bits", Buffer.from([0xc2, 0x01, 0]), /reserved bits/],
    ["an unknown opcode", Buffer.from([0x83, 0x00]), /opcode 3/],
    ["a stray continuation", Buffer.from([0x80, 0x00]), /continuation/],
  ])("fails on %s with close code 1002", async (_what, frame, message) => {
    const { url, clientBytes } = await rawServer((socket, key) => {
      socket.write(switchingProtocols(acceptFor(key)));
      socket.write(frame);
      // A real server answers the client's close frame by ending the connection.
      socket.on("end", () => socket.end());
    });
    const client = observe(url);
    expect((await client.closed).code).toBe(1006);
    expect(client.errors).toHaveLength(1);
    expect(client.errors[0]).toMatch(message);
    const close = clientFrames(clientBytes()).find((f) => f.opcode === 0x8);
    expect(close?.payload.readUInt16BE(0)).toBe(1002);
  });

  it("fails with 1009 on a message over the size limit, before its payload arrives", async () => {
    const header = Buffer.alloc(10);
    header[0] = 0x82;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(MAX_MESSAGE_BYTES + 1), 2);
    const { url, clientBytes } = await rawServer((socket, key) => {
      socket.write(switchingProtocols(acceptFor(key)));
      socket.write(header);
      socket.on("end", () => socket.end());
    });
    const client = observe(url);
    await client.closed;
    expect(client.errors[0]).toMatch(/over the client's limit/);
    const close = clientFrames(clientBytes()).find((f) => f.opcode === 0x8);
    expect(close?.payload.readUInt16BE(0)).toBe(1009);
  });

  it("drops a server that never answers the close handshake", async () => {
    const { url } = await rawServer((socket, key) => {
      socket.write(switchingProtocols(acceptFor(key)));
      // Half-open on purpose: the server neither answers the close frame nor ends.
    });
    const client = observe(url);
    await client.opened;
    const started = Date.now();
    client.socket.close();
    expect((await client.closed).code).toBe(1006);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
  });

  it("refuses schemes other than ws://", () => {
    expect(() => new WireSocket("wss://127.0.0.1:1/x", {})).toThrow(/ws:\/\/ only/);
    expect(() => new WireSocket("http://127.0.0.1:1/x", {})).toThrow(/ws:\/\/ only/);
  });
});

describe("RawClient through our server", () => {
  it("syncs a doc and reports a refused token", { timeout: 90_000 }, async () => {
    await withTempDir(async (dataDir) => {
      const server = await startServer({ kind: "ours", dataDir });
      try {
        const access = await provisionDocs(server, { docs: 1, participants: 1, label: "wire" });
        const doc = access.docNames[0] ?? "";
        const client = new RawClient(server.syncUrl(doc, access.token(0)));
        expect(await client.synced).toBeGreaterThan(0);
        expect(client.isOpen).toBe(true);
        expect(client.send(new Uint8Array([0, 2, 2, 0, 0]))).toBe(true);
        await client.close();
        expect(client.closeCode).toBe(1000);
        expect(client.failure).toBeUndefined();

        if (access.mode === "api") {
          const refused = new RawClient(server.syncUrl(doc, "not-a-token"));
          await expect(refused.synced).rejects.toThrow();
          await refused.closed;
          // Ours accepts the upgrade, then closes with an application code (4401 unauthenticated).
          expect(refused.failure).toMatch(/^closed 4\d{3} /);
          expect(refused.isOpen).toBe(false);
        }
      } finally {
        await server.stop();
      }
    });
  });
});

// Over 400 lines on purpose: the in-house socket's three views (the opening handshake, the stock
// ws client, a raw client writing bytes) share one server harness and its frame helpers at the
// top; each describe block is one view of the same socket.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import { acceptKey, acceptUpgrade, checkHandshake } from "./acceptUpgrade";
import { CLOSE_TIMEOUT_MS, ServerWebSocket, type ServerWebSocketHandler } from "./ServerWebSocket";

const MAX_PAYLOAD = 200 * 1024;

/** What the server side of a test connection saw. */
class Side implements ServerWebSocketHandler {
  messages: Array<Buffer | string> = [];
  pongs = 0;
  reads = 0;
  closes: number[] = [];
  echo = true;
  readonly closed: Promise<number>;
  private resolveClosed!: (code: number) => void;
  constructor(readonly ws: ServerWebSocket) {
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
  }
  onReadStart(): void {
    this.reads++;
  }
  onMessage(data: Buffer | string): void {
    this.messages.push(typeof data === "string" ? data : Buffer.from(data));
    if (this.echo) this.ws.send(typeof data === "string" ? Buffer.from(data) : data);
  }
  onPong(): void {
    this.pongs++;
  }
  onReadEnd(): void {}
  onClose(code: number): void {
    this.closes.push(code);
    this.resolveClosed(code);
  }
}

let server: Server;
let url: string;
let port: number;
const sides: Side[] = [];
let nextSide: ((side: Side) => void) | null = null;

function nextConnection(): Promise<Side> {
  return new Promise((resolve) => {
    nextSide = resolve;
  });
}

beforeAll(async () => {
  server = createServer((_req, res) => res.end());
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = checkHandshake(req);
    if (refusal !== null) {
      socket.end(`HTTP/1.1 ${refusal.status} No\r\n${refusal.headers}Content-Length: 0\r\n\r\n`);
      return;
    }
    if (!acceptUpgrade(req, socket)) return;
    const ws = new ServerWebSocket(socket, MAX_PAYLOAD);
    const side = new Side(ws);
    sides.push(side);
    ws.start(side, head);
    nextSide?.(side);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  url = `ws://127.0.0.1:${port}/`;
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  for (const side of sides) side.ws.terminate();
  await new Promise((resolve) => server.close(resolve));
});

async function open(
  options?: ConstructorParameters<typeof WebSocket>[2],
): Promise<{ client: WebSocket; side: Side }> {
  const sidePromise = nextConnection();
  const client = new WebSocket(url, options);
  client.binaryType = "nodebuffer";
  client.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    client.once("open", () => resolve());
    client.once("error", reject);
  });
  return { client, side: await sidePromise };
}

function nextMessage(client: WebSocket): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve) =>
    client.once("message", (data, isBinary) => resolve({ data: data as Buffer, isBinary })),
  );
}

function clientClosed(client: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    client.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
}

/** A raw TCP client that completed the handshake; `received` is every byte after the 101 head. */
async function openRaw(): Promise<{ socket: Socket; side: Side; received: () => Buffer }> {
  const sidePromise = nextConnection();
  const socket = connect({ port, host: "127.0.0.1", allowHalfOpen: true });
  socket.on("error", () => {});
  let all = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => {
    all = Buffer.concat([all, chunk]);
  });
  const key = randomBytes(16).toString("base64");
  socket.write(
    `GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  const side = await sidePromise;
  await vi.waitFor(() => expect(all.indexOf("\r\n\r\n")).toBeGreaterThan(0));
  const head = all.subarray(0, all.indexOf("\r\n\r\n")).toString("latin1");
  expect(head).toContain(`Sec-WebSocket-Accept: ${acceptKey(key)}`);
  return { socket, side, received: () => all.subarray(all.indexOf("\r\n\r\n") + 4) };
}

/** A masked client frame. */
function clientFrame(first: number, payload: Uint8Array): Buffer {
  const mask = randomBytes(4);
  const length = payload.length;
  const head =
    length < 126
      ? Buffer.from([first, 0x80 | length])
      : Buffer.from([first, 0x80 | 126, length >> 8, length & 0xff]);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i] = body[i]! ^ mask[i & 3]!;
  return Buffer.concat([head, mask, body]);
}

function closePayload(code: number, reason: Uint8Array = new Uint8Array()): Buffer {
  const out = Buffer.alloc(2 + reason.length);
  out.writeUInt16BE(code, 0);
  out.set(reason, 2);
  return out;
}

async function rawHandshake(request: string): Promise<string> {
  const socket = connect({ port, host: "127.0.0.1" });
  socket.on("error", () => {});
  let text = "";
  socket.on("data", (chunk: Buffer) => {
    text += chunk.toString("latin1");
  });
  socket.write(request);
  await new Promise((resolve) => socket.once("close", resolve));
  return text;
}

describe("the opening handshake", () => {
  const base = (lines: string[]): string =>
    `${["GET / HTTP/1.1", "Host: x", ...lines].join("\r\n")}\r\n\r\n`;
  const key = "dGhlIHNhbXBsZSBub25jZQ==";

  it("computes the RFC 6455 example accept value", () => {
    expect(acceptKey(key)).toBe("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  });

  it("accepts case-insensitive Upgrade and a Connection token list, without extensions", async () => {
    const response = await new Promise<string>((resolve) => {
      const socket = connect({ port, host: "127.0.0.1" });
      socket.on("error", () => {});
      socket.once("data", (chunk: Buffer) => {
        resolve(chunk.toString("latin1"));
        socket.destroy();
      });
      socket.write(
        base([
          "Upgrade: WebSocket",
          "Connection: keep-alive, Upgrade",
          `Sec-WebSocket-Key: ${key}`,
          "Sec-WebSocket-Version: 13",
          "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits",
          "Sec-WebSocket-Protocol: chat",
        ]),
      );
    });
    expect(response).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
    expect(response).toContain("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n");
    expect(response.toLowerCase()).not.toContain("sec-websocket-extensions");
    expect(response.toLowerCase()).not.toContain("sec-websocket-protocol");
  });

  it("refuses another version with 426 and the version it speaks", async () => {
    const response = await rawHandshake(
      base([
        "Upgrade: websocket",
        "Connection: Upgrade",
        `Sec-WebSocket-Key: ${key}`,
        "Sec-WebSocket-Version: 8",
      ]),
    );
    expect(response).toMatch(/^HTTP\/1\.1 426 /);
    expect(response).toContain("Sec-WebSocket-Version: 13\r\n");
  });

  it("refuses a bad or missing key with 400", async () => {
    for (const keyLine of [
      "Sec-WebSocket-Key: short==",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ",
      "",
    ]) {
      const response = await rawHandshake(
        base(
          [
            "Upgrade: websocket",
            "Connection: Upgrade",
            keyLine,
            "Sec-WebSocket-Version: 13",
          ].filter((line) => line !== ""),
        ),
      );
      expect(response, keyLine).toMatch(/^HTTP\/1\.1 400 /);
    }
  });

  it("checkHandshake refuses a method other than GET, a wrong Upgrade or Connection", () => {
    const good = {
      method: "GET",
      headers: {
        upgrade: "websocket",
        connection: "Upgrade",
        "sec-websocket-key": key,
        "sec-websocket-version": "13",
      },
    };
    const check = (change: object) =>
      checkHandshake({ ...good, ...change } as unknown as IncomingMessage)?.status ?? 0;
    expect(check({})).toBe(0);
    expect(check({ method: "POST" })).toBe(405);
    expect(check({ headers: { ...good.headers, upgrade: "h2c" } })).toBe(400);
    expect(check({ headers: { ...good.headers, connection: "keep-alive" } })).toBe(400);
    expect(check({ headers: { ...good.headers, connection: "upgrades" } })).toBe(400);
    expect(check({ headers: { ...good.headers, "sec-websocket-version": undefined } })).toBe(426);
    const reason = (change: object) =>
      checkHandshake({ ...good, ...change } as unknown as IncomingMessage)?.reason;
    expect(reason({ method: "POST" })).toMatch(/GET/);
    expect(reason({ headers: { ...good.headers, upgrade: "h2c" } })).toMatch(/Upgrade/);
    expect(reason({ headers: { ...good.headers, connection: "close" } })).toMatch(/Connection/);
    expect(reason({ headers: { ...good.headers, "sec-websocket-key": "x" } })).toMatch(
      /Sec-WebSocket-Key/,
    );
    expect(reason({ headers: { ...good.headers, "sec-websocket-version": "8" } })).toMatch(
      /Sec-WebSocket-Version must be 13/,
    );
  });
});

describe("ServerWebSocket with the ws client", () => {
  it("echoes binary messages of every length class", async () => {
    const { client, side } = await open();
    for (const length of [0, 1, 125, 126, 65535, 65536, 70 * 1024, MAX_PAYLOAD]) {
      const payload = randomBytes(length);
      const reply = nextMessage(client);
      client.send(payload);
      const { data, isBinary } = await reply;
      expect(isBinary).toBe(true);
      expect(data.equals(payload), `length ${length}`).toBe(true);
    }
    expect(side.messages).toHaveLength(8);
    client.close();
    await side.closed;
  });

  it("sends one payload to many sockets intact, and a payload changed in place as it is now", async () => {
    const a = await open();
    const b = await open();
    const payload = new Uint8Array(3_000).map((_, i) => i % 251);
    const first = [nextMessage(a.client), nextMessage(b.client)];
    // One broadcast: the same bytes to both sockets (framed once), then a ping between them.
    a.side.ws.send(payload);
    a.side.ws.ping();
    b.side.ws.send(payload);
    for (const { data } of await Promise.all(first)) {
      expect(data.equals(payload)).toBe(true);
    }
    // A later run: the same array, changed in place, goes out as it is now.
    payload.fill(7);
    const second = [nextMessage(a.client), nextMessage(b.client)];
    a.side.ws.send(payload);
    b.side.ws.send(payload);
    for (const { data } of await Promise.all(second)) {
      expect(data.equals(Buffer.alloc(3_000, 7))).toBe(true);
    }
    a.client.close();
    b.client.close();
    await Promise.all([a.side.closed, b.side.closed]);
  });

  it("sends a list of payloads to many sockets as separate messages, in order, every length class", async () => {
    const a = await open();
    const b = await open();
    const list = [
      new Uint8Array(5).fill(1),
      new Uint8Array(300).map((_, i) => i % 13),
      new Uint8Array(70_000).fill(3),
      new Uint8Array(0),
    ];
    const messagesOf = (client: WebSocket, n: number): Promise<Buffer[]> =>
      new Promise((resolve) => {
        const got: Buffer[] = [];
        const on = (data: Buffer): void => {
          got.push(data);
          if (got.length === n) {
            client.off("message", on);
            resolve(got);
          }
        };
        client.on("message", on);
      });
    const small = list.filter((p) => p.byteLength !== 70_000);
    const received = [messagesOf(a.client, small.length), messagesOf(b.client, small.length)];
    // One relay window: the same list to both (framed once into one buffer).
    a.side.ws.sendMany(small);
    b.side.ws.sendMany(small);
    for (const got of await Promise.all(received)) {
      expect(got.map((d) => [...d])).toEqual(small.map((p) => [...p]));
    }
    // A payload over the copy limit: each framed on its own, still in order.
    const all = [messagesOf(a.client, list.length)];
    a.side.ws.sendMany(list);
    const [got] = await Promise.all(all);
    expect(got?.map((d) => d.byteLength)).toEqual(list.map((p) => p.byteLength));
    expect(got?.[2]?.equals(Buffer.from(list[2] ?? []))).toBe(true);
    a.client.close();
    b.client.close();
    await Promise.all([a.side.closed, b.side.closed]);
  });

  it("assembles a fragmented message the client sends", async () => {
    const { client, side } = await open();
    side.echo = false;
    client.send(Buffer.from([1, 2]), { fin: false });
    client.ping(Buffer.from("between"));
    client.send(Buffer.from([3]), { fin: true });
    await vi.waitFor(() => expect(side.messages).toHaveLength(1));
    expect([...(side.messages[0] as Buffer)]).toEqual([1, 2, 3]);
    client.terminate();
    expect(await side.closed).toBe(1006);
  });

  it("delivers text frames as strings", async () => {
    const { client, side } = await open();
    const reply = nextMessage(client);
    client.send("héllo ☃");
    await reply;
    expect(side.messages).toEqual(["héllo ☃"]);
    client.terminate();
    await side.closed;
  });

  it("answers a ping with the same payload and reports pongs", async () => {
    const { client, side } = await open();
    const pong = new Promise<Buffer>((resolve) => client.once("pong", resolve));
    client.ping(Buffer.from("are you there"));
    expect((await pong).toString()).toBe("are you there");
    side.ws.ping();
    await vi.waitFor(() => expect(side.pongs).toBe(1));
    client.terminate();
    await side.closed;
  });

  it("echoes the client's close code and reports it once", async () => {
    const { client, side } = await open();
    const closed = clientClosed(client);
    client.close(4321, "bye");
    expect(await closed).toEqual({ code: 4321, reason: "" });
    expect(await side.closed).toBe(4321);
    expect(side.closes).toEqual([4321]);
    expect(side.ws.isOpen).toBe(false);
  });

  it("closes with a code and reason the client sees, and drops messages after it", async () => {
    const { client, side } = await open();
    side.echo = false;
    const closed = clientClosed(client);
    side.ws.close(4401, "unauthorized");
    side.ws.send(Buffer.from([1])); // dropped: the close frame went
    expect(await closed).toEqual({ code: 4401, reason: "unauthorized" });
    expect(await side.closed).toBe(4401);
    expect(side.closes).toEqual([4401]);
  });

  it("closes with the final 4413, never 1009 (which the stock client retries), a message over maxPayloadBytes", async () => {
    const { client, side } = await open();
    const closed = clientClosed(client);
    client.send(Buffer.alloc(MAX_PAYLOAD + 1));
    expect((await closed).code).toBe(4413);
    await side.closed;
    expect(side.messages).toHaveLength(0);
  });

  it("reports 1006 exactly once when the client drops the connection", async () => {
    const { client, side } = await open();
    client.terminate();
    expect(await side.closed).toBe(1006);
    side.ws.close(1000);
    side.ws.terminate();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(side.closes).toEqual([1006]);
  });

  it("terminate() closes the connection at once", async () => {
    const { client, side } = await open();
    const closed = clientClosed(client);
    side.ws.terminate();
    expect((await closed).code).toBe(1006);
    expect(await side.closed).toBe(1006);
    await side.ws.whenClosed();
  });

  it("bufferedAmount is what the TCP socket has not written yet", async () => {
    const { client, side } = await open();
    expect(side.ws.bufferedAmount).toBe(0);
    client.pause();
    const big = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < 16; i++) side.ws.send(big);
    expect(side.ws.bufferedAmount).toBeGreaterThan(0);
    client.terminate();
    await side.closed;
  });
});

describe("ServerWebSocket with a raw client", () => {
  const cases: Array<[string, Buffer, number]> = [
    ["a reserved close code (1005)", clientFrame(0x88, closePayload(1005)), 1002],
    ["close code 1006", clientFrame(0x88, closePayload(1006)), 1002],
    ["close code 999", clientFrame(0x88, closePayload(999)), 1002],
    ["close code 5000", clientFrame(0x88, closePayload(5000)), 1002],
    ["a 1-byte close payload", clientFrame(0x88, Buffer.from([3])), 1002],
    [
      "a close reason that is not UTF-8",
      clientFrame(0x88, closePayload(1000, Buffer.from([0xc3, 0x28]))),
      1007,
    ],
    ["a text message that is not UTF-8", clientFrame(0x81, Buffer.from([0xff, 0xfe])), 1007],
    ["an unmasked frame", Buffer.from([0x82, 0x01, 0x00]), 1002],
    ["an unknown opcode", clientFrame(0x83, Buffer.from([1])), 1002],
    ["RSV1 (no extension agreed)", clientFrame(0xc2, Buffer.from([1])), 1002],
  ];
  for (const [name, bytes, code] of cases) {
    it(`${name} → close ${code}, then the server ends TCP`, async () => {
      const { socket, side, received } = await openRaw();
      const ended = new Promise((resolve) => socket.once("end", resolve));
      socket.write(bytes);
      await ended;
      const reply = received();
      expect(reply[0]).toBe(0x88);
      expect(reply.readUInt16BE(2)).toBe(code);
      // The client closes its side too; the server's socket is then gone.
      socket.end();
      await side.closed;
      expect(side.messages).toHaveLength(0);
    });
  }

  it("an empty close frame is answered with an empty one; the server closes TCP first", async () => {
    const { socket, side, received } = await openRaw();
    const ended = new Promise((resolve) => socket.once("end", resolve));
    socket.write(clientFrame(0x88, new Uint8Array()));
    await ended;
    expect([...received()]).toEqual([0x88, 0x00]);
    // Freed without the client's FIN (the raw client is half-open).
    expect(await side.closed).toBe(1005);
    socket.destroy();
  });

  it("destroys a socket whose client never answers the close frame, after CLOSE_TIMEOUT_MS", async () => {
    const { socket, side } = await openRaw();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    side.ws.close(1001, "going away");
    vi.advanceTimersByTime(CLOSE_TIMEOUT_MS - 1);
    expect(side.ws.socket.destroyed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(side.ws.socket.destroyed).toBe(true);
    vi.useRealTimers();
    socket.destroy();
    expect(await side.closed).toBe(1006);
  });

  it("reads frames sent in the same segment as the handshake and split across reads", async () => {
    const sidePromise = nextConnection();
    const socket = connect({ port, host: "127.0.0.1" });
    socket.on("error", () => {});
    socket.on("data", () => {});
    const payload = randomBytes(300);
    const frames = Buffer.concat([clientFrame(0x82, Buffer.from([7])), clientFrame(0x82, payload)]);
    const key = randomBytes(16).toString("base64");
    socket.write(
      Buffer.concat([
        Buffer.from(
          `GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
        ),
        frames.subarray(0, 5),
      ]),
    );
    const side = await sidePromise;
    side.echo = false;
    for (let at = 5; at < frames.length; at += 50) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      socket.write(frames.subarray(at, at + 50));
    }
    await vi.waitFor(() => expect(side.messages).toHaveLength(2));
    expect([...(side.messages[0] as Buffer)]).toEqual([7]);
    expect((side.messages[1] as Buffer).equals(payload)).toBe(true);
    socket.destroy();
    await side.closed;
  });
});

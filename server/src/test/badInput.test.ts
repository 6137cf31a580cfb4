import { CloseCode } from "@tablecloth/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { RunningServer } from "../TableclothServer";
import { connectSynced, createProvider, waitForFinalClose, waitForSync } from "./connectProvider";
import { makeTempDir, removeDir, startTestServer } from "./testServer";
import { waitForDoc, withTimeout } from "./waitFor";

const MAX_FRAME_BYTES = 1024;
const docName = "bad-input-room";
let dataDir: string;
let server: RunningServer;
let a: WebsocketProvider;
let b: WebsocketProvider;

beforeAll(async () => {
  dataDir = await makeTempDir();
  server = await startTestServer({
    dataDir,
    env: { TABLECLOTH_MAX_FRAME_BYTES: String(MAX_FRAME_BYTES) },
  });
  a = await connectSynced(server.url, docName);
  b = await connectSynced(server.url, docName);
  a.doc.getMap("m").set("before", true);
  await waitForDoc(b.doc, (doc) => doc.getMap("m").has("before"), "B to see A's first edit");
});

afterAll(async () => {
  a?.destroy();
  b?.destroy();
  await server?.close();
  await removeDir(dataDir);
});

function varUint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    out.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return out;
}

/** A y-websocket sync "update" message (type 0, sub-type 2) carrying `update` as-is. */
function syncUpdateFrame(update: Uint8Array | number[]): Uint8Array {
  return new Uint8Array([0, 2, ...varUint(update.length), ...update]);
}

/** Opens a raw socket to the room, sends one frame once open, and resolves with the close code. */
async function sendAndAwaitClose(frame: Uint8Array | string): Promise<number> {
  const ws = new WebSocket(`${server.url.replace(/^http/, "ws")}/sync/${docName}`);
  const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
  ws.on("error", () => {});
  await withTimeout(
    new Promise<void>((resolve) => ws.once("open", () => resolve())),
    5_000,
    "raw socket to open",
  );
  ws.send(frame);
  return withTimeout(closed, 5_000, "the server to close the raw socket");
}

let edits = 0;
/** The stock clients still sync both ways, and their sockets were never dropped. */
async function roomStillSyncs(): Promise<void> {
  const key = `after${edits++}`;
  a.doc.getMap("m").set(`${key}-a`, 1);
  b.doc.getMap("m").set(`${key}-b`, 1);
  await waitForDoc(b.doc, (doc) => doc.getMap("m").has(`${key}-a`), `B to see ${key}-a`);
  await waitForDoc(a.doc, (doc) => doc.getMap("m").has(`${key}-b`), `A to see ${key}-b`);
  expect(a.wsconnected && b.wsconnected).toBe(true);
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
}

describe("bad input closes only its sender", () => {
  const cases: Array<[string, () => Uint8Array | string, number]> = [
    [
      "garbage binary",
      () => new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
      CloseCode.BadMessage,
    ],
    ["a truncated sync message", () => new Uint8Array([0, 1, 10, 1, 2]), CloseCode.BadMessage],
    ["a text frame", () => "hello", CloseCode.BadMessage],
    [
      "an invalid Yjs update in a sync update",
      () => syncUpdateFrame([1, 1, 0xff, 0xff, 0xff, 0x0f]),
      CloseCode.BadMessage,
    ],
    ["an unknown message type", () => new Uint8Array([42, 1, 2, 3]), CloseCode.BadMessage],
    [
      "a frame over maxFrameBytes",
      () => syncUpdateFrame(new Uint8Array(MAX_FRAME_BYTES + 100)),
      CloseCode.TooLarge,
    ],
  ];
  for (const [name, frame, code] of cases) {
    it(`${name} → ${code}`, async () => {
      expect(await sendAndAwaitClose(frame())).toBe(code);
      await roomStillSyncs();
    });
  }

  it("a stock client whose local update is over the limit is closed with 4413 for good", async () => {
    const big = createProvider(server.url, docName);
    try {
      await waitForSync(big);
      const acceptedBefore = server.transport.metrics.acceptedTotal;
      const finalClose = waitForFinalClose(big);
      big.doc.getMap("m").set("huge", "x".repeat(MAX_FRAME_BYTES * 2));
      expect(await finalClose).toBe(CloseCode.TooLarge);
      // Long enough for several of the client's backoff retries (100, 200, 400, 800 ms …).
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(server.transport.metrics.acceptedTotal).toBe(acceptedBefore);
      expect(big.wsconnected || big.wsconnecting).toBe(false);
    } finally {
      big.destroy();
    }
    expect(a.doc.getMap("m").has("huge")).toBe(false);
    await roomStillSyncs();
  });

  it("leaves a stored doc that still loads", async () => {
    await server.syncServer.flush();
    const fresh = await connectSynced(server.url, docName);
    try {
      expect(fresh.doc.getMap("m").get("before")).toBe(true);
      expect(fresh.doc.getMap("m").has("huge")).toBe(false);
      expect(Y.encodeStateAsUpdate(fresh.doc).byteLength).toBeLessThan(MAX_FRAME_BYTES);
    } finally {
      fresh.destroy();
    }
  });
});

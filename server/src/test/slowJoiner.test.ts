import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { defaultSyncConfig } from "@tablecloth/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { RunningServer } from "../TableclothServer";
import { connectSynced, waitForSync } from "./connectProvider";
import { makeTempDir, removeDir, startTestServer } from "./testServer";
import { waitForDoc } from "./waitFor";

/** The slow link: the joiner's socket drains at 2 MB/s. */
const LINK_BYTES_PER_SECOND = 2_000_000;

/**
 * A `ws` client whose raw TCP socket is read at `LINK_BYTES_PER_SECOND` at most: after each chunk
 * it pauses the socket until the link would have carried it, so the kernel buffers fill and the
 * server's send queue grows as on a slow venue link. Counts what it read and when.
 */
const link = { bytes: 0, firstAt: 0, lastAt: 0 };
class SlowLinkWebSocket extends WebSocket {
  constructor(address: string | URL, protocols?: string | string[]) {
    super(address, protocols);
    this.once("upgrade", (response: IncomingMessage) => {
      const socket = response.socket as Socket;
      const start = Date.now();
      let read = 0;
      let timer: ReturnType<typeof setTimeout> | null = null;
      const resumeWhenDue = () => {
        timer = null;
        const wait = start + (read / LINK_BYTES_PER_SECOND) * 1000 - Date.now();
        if (wait > 0) timer = setTimeout(resumeWhenDue, Math.ceil(wait));
        else socket.resume();
      };
      socket.on("data", (chunk: Buffer) => {
        read += chunk.byteLength;
        link.bytes += chunk.byteLength;
        link.firstAt ||= Date.now();
        link.lastAt = Date.now();
        // Hold the socket until the link would have carried what was read.
        socket.pause();
        if (timer === null) resumeWhenDue();
      });
    });
  }
}

let dataDir: string;
let server: RunningServer;

beforeAll(async () => {
  dataDir = await makeTempDir();
  // The shipped limits: a 32 MiB doc, 8 MiB frames, 16 MiB of send queue before 4508.
  server = await startTestServer({ dataDir });
});

afterAll(async () => {
  await server?.close();
  await removeDir(dataDir);
});

describe("limits that fit together", () => {
  it("a doc near maxDocBytes syncs to a stock client whose socket drains at 2 MB/s, while a writer keeps working", async () => {
    const { maxDocBytes, maxFrameBytes, maxBufferedBytes } = defaultSyncConfig;
    const chunk = maxFrameBytes - 512 * 1024; // one frame each, under maxFrameBytes
    const chunks = Math.floor((maxDocBytes - 1024 * 1024) / chunk);
    const total = chunk * chunks;
    // The doc is well past the send-queue limit: the initial sync must not trip it.
    expect(total).toBeGreaterThan(1.5 * maxBufferedBytes);

    const writer = await connectSynced(server.url, "max-doc");
    const text = writer.doc.getText("t");
    for (let i = 0; i < chunks; i++) text.insert(text.length, String(i).repeat(chunk));
    const check = await connectSynced(server.url, "max-doc");
    await waitForDoc(
      check.doc,
      (d) => d.getText("t").length === total,
      "the server has it",
      60_000,
    );
    check.destroy();

    const closes: number[] = [];
    const joiner = new WebsocketProvider(
      `${server.url.replace(/^http/, "ws")}/sync`,
      "max-doc",
      new Y.Doc(),
      {
        WebSocketPolyfill: SlowLinkWebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      },
    );
    joiner.on("connection-close", (event: { code: number } | null) => {
      closes.push(event?.code ?? -1);
    });
    // Someone already in keeps typing and moving while the joiner's sync is under way.
    const busy = setInterval(() => {
      text.insert(0, "k");
      writer.awareness.setLocalStateField("cursor", { at: Date.now() });
    }, 100);
    const started = Date.now();
    try {
      await waitForSync(joiner, 40_000);
      await waitForDoc(
        joiner.doc,
        (d) => d.getText("t").length >= total,
        "the joiner's full doc",
        10_000,
      );
    } finally {
      clearInterval(busy);
    }
    const tookMs = Date.now() - started;
    const rate = link.bytes / ((link.lastAt - link.firstAt) / 1000);
    console.info(
      `slow joiner: ${(total / 2 ** 20).toFixed(1)} MiB doc, read ${(link.bytes / 2 ** 20).toFixed(1)} MiB ` +
        `in ${(tookMs / 1000).toFixed(1)} s (${(rate / 1e6).toFixed(2)} MB/s on the link)`,
    );
    // The throttle really held the link to about 2 MB/s (so the server's queue did grow).
    expect(rate).toBeLessThan(LINK_BYTES_PER_SECOND * 1.15);
    expect(tookMs).toBeGreaterThan(((total / LINK_BYTES_PER_SECOND) * 1000) / 2);
    expect(closes).toEqual([]);
    expect(joiner.wsconnected).toBe(true);
    // It got the writer's edits made during its sync too.
    await waitForDoc(joiner.doc, (d) => d.getText("t").length === text.length, "live", 10_000);
    joiner.destroy();
    writer.destroy();
  }, 120_000);
});

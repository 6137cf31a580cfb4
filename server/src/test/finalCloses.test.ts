import { CloseCode, isFinalCloseCode } from "@tablecloth/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { RunningServer } from "../TableclothServer";
import { connectSynced, waitForFinalClose } from "./connectProvider";
import { makeTempDir, removeDir, startTestServer } from "./testServer";
import { waitForDoc } from "./waitFor";

/**
 * Every limit a stock y-websocket client can run into ends in a close it will not retry (44xx,
 * `closed` emitted, no reconnect), except the rate limit, which is transient on purpose (4529:
 * the client backs off once, resyncs and stays). The frame layer's own limits are in
 * oversizeFrame.test.ts.
 */

const LIMITS = {
  TABLECLOTH_MAX_FRAME_BYTES: String(16 * 1024),
  TABLECLOTH_MAX_DOC_BYTES: String(64 * 1024),
  TABLECLOTH_MAX_AWARENESS_STATE_BYTES: String(2 * 1024),
};
/** Longer than the stock client's largest backoff (2.5 s): a reconnect would have happened. */
const PAST_BACKOFF_MS = 3_000;

let dataDir: string;
let server: RunningServer;
let rateServer: RunningServer;
/** Only the history quota is small here (the doc-size limit stays far away). */
let historyServer: RunningServer;
const open: WebsocketProvider[] = [];

beforeAll(async () => {
  dataDir = await makeTempDir();
  server = await startTestServer({ dataDir: `${dataDir}`, env: LIMITS });
  historyServer = await startTestServer({
    dataDir: `${dataDir}/history`,
    env: { TABLECLOTH_MAX_DOC_HISTORY_BYTES: String(200 * 1024) },
  });
  rateServer = await startTestServer({
    dataDir: `${dataDir}/rate`,
    env: { TABLECLOTH_MESSAGES_PER_SECOND: "5", TABLECLOTH_MESSAGE_BURST: "30" },
  });
});

afterAll(async () => {
  for (const provider of open) provider.destroy();
  await server?.close();
  await rateServer?.close();
  await historyServer?.close();
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

/** A sync-update frame (y-protocols messageSync, messageYjsUpdate) carrying `update`. */
function syncUpdateFrame(update: Uint8Array): Uint8Array {
  return Uint8Array.from([0, 2, ...varUint(update.byteLength), ...update]);
}

/** An update whose left origin (a client the server never saw) is missing: it stays pending. */
function orphanUpdate(bytes: number): Uint8Array {
  const origin = new Y.Doc();
  origin.getText("t").insert(0, "o");
  const child = new Y.Doc();
  Y.applyUpdate(child, Y.encodeStateAsUpdate(origin));
  child.getText("t").insert(1, "p".repeat(bytes));
  return Y.encodeStateAsUpdate(child, Y.encodeStateVector(origin));
}

async function opened(url: string, docName: string): Promise<WebsocketProvider> {
  const provider = await connectSynced(url, docName);
  open.push(provider);
  return provider;
}

/** Counts the provider's (re)connections from now on. */
function reconnects(provider: WebsocketProvider): { count: number } {
  const seen = { count: 0 };
  provider.on("status", ({ status }: { status: string }) => {
    if (status === "connected") seen.count++;
  });
  return seen;
}

/** `act` makes the provider pass a limit; expects a final `code` and no reconnect after. */
async function expectFinal(
  provider: WebsocketProvider,
  code: number,
  act: () => void,
): Promise<void> {
  const seen = reconnects(provider);
  const closed = waitForFinalClose(provider, 10_000);
  act();
  const got = await closed;
  expect(got).toBe(code);
  expect(isFinalCloseCode(got)).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, PAST_BACKOFF_MS));
  expect(seen.count).toBe(0);
  expect(provider.wsconnected).toBe(false);
  expect(provider.shouldConnect).toBe(false);
}

describe("the stock client over a limit gets a final close and does not reconnect", () => {
  it("doc size (maxDocBytes), in frames each under maxFrameBytes", async () => {
    const provider = await opened(server.url, "final-doc-size");
    await expectFinal(provider, CloseCode.TooLarge, () => {
      const text = provider.doc.getText("t");
      for (let i = 0; i < 6; i++) text.insert(text.length, "d".repeat(15_000));
    });
  }, 20_000);

  it("awareness state size (maxAwarenessStateBytes)", async () => {
    const provider = await opened(server.url, "final-awareness");
    await expectFinal(provider, CloseCode.TooLarge, () => {
      provider.awareness.setLocalStateField("note", "a".repeat(4_000));
    });
  }, 20_000);

  it("history quota (maxDocHistoryBytes): the doc stays readable", async () => {
    const provider = await opened(historyServer.url, "final-history");
    await expectFinal(provider, CloseCode.TooLarge, () => {
      // Each overwrite logs 10 KB while the doc keeps only the last value (~10 KB).
      const map = provider.doc.getMap("m");
      for (let i = 0; i < 30; i++) map.set("k", String(i % 10).repeat(10_000));
    });
    const reader = await opened(historyServer.url, "final-history");
    expect(String(reader.doc.getMap("m").get("k")).length).toBe(10_000);
  }, 20_000);

  it("an update whose dependencies never arrive (pending), sent by a synced stock client", async () => {
    const provider = await opened(server.url, "final-pending");
    await expectFinal(provider, CloseCode.BadMessage, () => {
      provider.ws?.send(syncUpdateFrame(orphanUpdate(2_000)));
    });
    // The doc still loads for the next person, without the orphan.
    const reader = await opened(server.url, "final-pending");
    expect(reader.doc.getText("t").length).toBe(0);
  }, 20_000);
});

describe("the rate limit is the one transient close", () => {
  it("a burst past messageBurst closes with 4529; the client backs off once, resyncs its edits and stays", async () => {
    const provider = await opened(rateServer.url, "rate-burst");
    const seen = reconnects(provider);
    const closes: number[] = [];
    provider.on("connection-close", (event: { code: number } | null) => {
      if (event) closes.push(event.code);
    });
    let final = false;
    provider.on("closed", () => {
      final = true;
    });
    const text = provider.doc.getText("t");
    for (let i = 0; i < 100; i++) text.insert(text.length, "r");
    const reader = await opened(rateServer.url, "rate-burst");
    await waitForDoc(reader.doc, (d) => d.getText("t").length === 100, "all 100 edits", 15_000);
    expect(closes[0]).toBe(CloseCode.RateLimited);
    expect(isFinalCloseCode(CloseCode.RateLimited)).toBe(false);
    expect(final).toBe(false);
    const settled = seen.count;
    await new Promise((resolve) => setTimeout(resolve, PAST_BACKOFF_MS));
    // One reconnect, then no loop.
    expect(settled).toBe(1);
    expect(seen.count).toBe(1);
    expect(closes).toEqual([CloseCode.RateLimited]);
  }, 30_000);
});

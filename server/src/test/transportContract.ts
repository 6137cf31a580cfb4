import { request } from "node:http";
import { CloseCode } from "@tablecloth/protocol";
import { encodeSyncUpdate } from "@tablecloth/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as Y from "yjs";
import type { RunningServer } from "../TableclothServer";
import type { SocketLayerName } from "../websocket/WireSocket";
import { connectSynced, createProvider, waitForFinalClose } from "./connectProvider";
import { makeTempDir, removeDir, startTestServer } from "./testServer";
import { pollUntil, waitForDoc, withTimeout } from "./waitFor";

const MAX_FRAME_BYTES = 1024;
/** The socket layer's cap: 4 × maxFrameBytes. */
const MAX_PAYLOAD_BYTES = 4 * MAX_FRAME_BYTES;

/** Opens a raw `ws` client on `docName`; resolves once open. */
async function openRaw(
  server: RunningServer,
  docName: string,
  options: { autoPong?: boolean } = {},
): Promise<WebSocket> {
  const ws = new WebSocket(`${server.url.replace(/^http/, "ws")}/sync/${docName}`, options);
  ws.on("error", () => {});
  await withTimeout(
    new Promise((resolve) => ws.once("open", resolve)),
    5_000,
    "a raw socket to open",
  );
  return ws;
}

function closeCodeOf(ws: WebSocket): Promise<number> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve(1006);
  return withTimeout(
    new Promise<number>((resolve) => ws.once("close", (code) => resolve(code))),
    5_000,
    "the server to close the socket",
  );
}

/**
 * The transport contract: what every socket layer (`TABLECLOTH_SOCKET_LAYER`) must do behind
 * `SyncTransport`, against the real server, the stock y-websocket client and raw `ws` clients.
 */
export function describeTransportContract(layer: SocketLayerName): void {
  describe(`transport contract: the ${layer} socket layer`, () => {
    let dataDir: string;
    let server: RunningServer;

    beforeAll(async () => {
      dataDir = await makeTempDir();
      server = await startTestServer({
        dataDir,
        env: {
          TABLECLOTH_SOCKET_LAYER: layer,
          TABLECLOTH_MAX_FRAME_BYTES: String(MAX_FRAME_BYTES),
          TABLECLOTH_HEARTBEAT_MS: "200",
        },
      });
    });

    afterAll(async () => {
      await server?.close();
      if (dataDir !== undefined) await removeDir(dataDir);
    });

    it("is the layer TABLECLOTH_SOCKET_LAYER names", () => {
      expect(server.transport.socketLayer).toBe(layer);
    });

    it("syncs and relays updates and presence between stock clients", async () => {
      const a = await connectSynced(server.url, "contract-sync");
      const b = await connectSynced(server.url, "contract-sync");
      try {
        a.doc.getMap("m").set("from-a", 1);
        await waitForDoc(b.doc, (doc) => doc.getMap("m").get("from-a") === 1, "B to see A's edit");
        for (let i = 0; i < 200; i++) b.doc.getArray<number>("list").push([i]);
        await waitForDoc(
          a.doc,
          (doc) => doc.getArray("list").length === 200,
          "A to see all of B's edits",
        );
        a.awareness.setLocalStateField("user", { name: "Ada" });
        await pollUntil(
          async () =>
            [...b.awareness.getStates().values()].some((state) => state.user?.name === "Ada")
              ? true
              : undefined,
          "B to see A's presence",
        );
      } finally {
        a.destroy();
        b.destroy();
      }
    });

    it("applies every update frame of one TCP write, in order", async () => {
      const source = new Y.Doc();
      const frames: Uint8Array[] = [];
      source.on("update", (update: Uint8Array) => frames.push(encodeSyncUpdate(update)));
      for (let i = 0; i < 50; i++) source.getArray<number>("burst").push([i]);
      const raw = await openRaw(server, "contract-burst");
      try {
        // Corked by `ws`'s sender into as few writes as the kernel takes.
        for (const frame of frames) raw.send(frame);
        const reader = await connectSynced(server.url, "contract-burst");
        try {
          await waitForDoc(
            reader.doc,
            (doc) => doc.getArray("burst").length === 50,
            "the reader to get the whole burst",
          );
          expect(reader.doc.getArray<number>("burst").toArray()).toEqual(
            Array.from({ length: 50 }, (_, i) => i),
          );
        } finally {
          reader.destroy();
        }
      } finally {
        raw.close();
      }
    });

    it("closes a text frame with 4400", async () => {
      const raw = await openRaw(server, "contract-text");
      raw.send("hello");
      expect(await closeCodeOf(raw)).toBe(CloseCode.BadMessage);
    });

    for (const [where, bytes] of [
      ["the engine (over maxFrameBytes)", MAX_FRAME_BYTES + 100],
      ["the socket layer (over maxPayloadBytes)", MAX_PAYLOAD_BYTES * 4],
    ] as const) {
      it(`closes an oversize message at ${where} with the final 4413`, async () => {
        const raw = await openRaw(server, `contract-oversize-${bytes}`);
        raw.send(new Uint8Array(bytes));
        expect(await closeCodeOf(raw)).toBe(CloseCode.TooLarge);
        const provider = await connectSynced(server.url, `contract-oversize-stock-${bytes}`);
        const closed = waitForFinalClose(provider, 5_000);
        provider.doc.getText("t").insert(0, "x".repeat(bytes));
        expect(await closed).toBe(CloseCode.TooLarge);
        provider.destroy();
      });
    }

    it("refuses an invalid doc name after the upgrade with 4404", async () => {
      const raw = new WebSocket(`${server.url.replace(/^http/, "ws")}/sync/${"x".repeat(500)}`);
      raw.on("error", () => {});
      expect(await closeCodeOf(raw)).toBe(CloseCode.DocNotFound);
    });

    it("answers a handshake without a key with HTTP 400, before any socket layer", async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${server.url}/sync/contract-http`, {
          headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13" },
        });
        req.on("response", (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("upgrade", () => reject(new Error("upgraded without a key")));
        req.on("error", reject);
        req.end();
      });
      expect(status).toBe(400);
    });

    it("drops a socket that stops answering pings, and counts it", async () => {
      const before = server.transport.metrics.heartbeatTimeouts;
      // A client whose network died: it reads, but never answers a ping.
      const dead = await openRaw(server, "contract-dead", { autoPong: false });
      dead.on("message", () => {});
      expect(await closeCodeOf(dead)).toBe(1006);
      expect(server.transport.metrics.heartbeatTimeouts).toBe(before + 1);
    });

    it("counts open sockets down to zero once clients leave", async () => {
      const provider = await connectSynced(server.url, "contract-count");
      expect(server.transport.metrics.openSockets).toBeGreaterThan(0);
      provider.destroy();
      await pollUntil(
        async () => (server.transport.metrics.openSockets === 0 ? true : undefined),
        "every socket to be counted closed",
      );
    });

    it("closes clients with 1001 on shutdown, and the stock client keeps its edits", async () => {
      const provider = createProvider(server.url, "contract-shutdown");
      try {
        await withTimeout(
          new Promise<void>((resolve) => provider.once("sync", () => resolve())),
          10_000,
          "the provider to sync",
        );
        provider.doc.getMap("m").set("kept", true);
        await server.syncServer.flush();
        const closed = withTimeout(
          new Promise<number>((resolve) =>
            provider.once("connection-close", (event: { code: number } | null) =>
              resolve(event?.code ?? 0),
            ),
          ),
          5_000,
          "the provider to see the close",
        );
        await server.close();
        expect(await closed).toBe(CloseCode.GoingAway);
      } finally {
        provider.destroy();
      }
    });
  });
}

import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { connectSynced } from "./connectProvider";
import { makeTempDir, removeDir, startTestServer } from "./testServer";
import { pollUntil, withTimeout } from "./waitFor";

describe("heartbeat", () => {
  it("drops a socket that stops answering pings and keeps live clients", async () => {
    const dataDir = await makeTempDir();
    const server = await startTestServer({ dataDir, env: { TABLECLOTH_HEARTBEAT_MS: "100" } });
    try {
      const live = await connectSynced(server.url, "heartbeat-room");
      // A client whose network died: it never answers a ping.
      const dead = new WebSocket(`${server.url.replace(/^http/, "ws")}/sync/heartbeat-room`, {
        autoPong: false,
      });
      dead.on("error", () => {});
      await withTimeout(
        new Promise((resolve) => dead.once("open", resolve)),
        5_000,
        "the dead client to open",
      );
      dead.on("message", () => {}); // it reads, but stays silent
      const code = await withTimeout(
        new Promise<number>((resolve) => dead.once("close", (closeCode) => resolve(closeCode))),
        5_000,
        "the server to drop the silent socket",
      );
      expect(code).toBe(1006);
      expect(server.transport.metrics.heartbeatTimeouts).toBe(1);
      // The engine hears of it when the server side of the socket has closed too.
      await pollUntil(
        async () => (server.syncServer.metrics.connections === 1 ? true : undefined),
        "the engine to drop the dead connection",
      );
      expect(live.wsconnected).toBe(true);
      live.doc.getMap("m").set("still", "here");
      live.destroy();
    } finally {
      await server.close();
      await removeDir(dataDir);
    }
  });

  it("never pings a socket it keeps hearing from, and keeps it", async () => {
    const dataDir = await makeTempDir();
    const server = await startTestServer({ dataDir, env: { TABLECLOTH_HEARTBEAT_MS: "100" } });
    try {
      // It would not answer a ping: only its own traffic keeps it alive.
      const chatty = new WebSocket(`${server.url.replace(/^http/, "ws")}/sync/heartbeat-chat`, {
        autoPong: false,
      });
      chatty.on("error", () => {});
      await withTimeout(
        new Promise((resolve) => chatty.once("open", resolve)),
        5_000,
        "the client to open",
      );
      let pings = 0;
      chatty.on("ping", () => pings++);
      // Sync step 1 with an empty state vector, every 30 ms, for ten heartbeat periods.
      const step1 = new Uint8Array([0, 0, 1, 0]);
      for (let i = 0; i < 33; i++) {
        chatty.send(step1);
        await sleep(30);
      }
      expect(chatty.readyState).toBe(WebSocket.OPEN);
      expect(pings).toBe(0);
      expect(server.transport.metrics.heartbeatTimeouts).toBe(0);
      // Once it goes silent it is pinged, and dropped for not answering.
      const code = await withTimeout(
        new Promise<number>((resolve) => chatty.once("close", (closeCode) => resolve(closeCode))),
        5_000,
        "the server to drop the now silent socket",
      );
      expect(code).toBe(1006);
      expect(pings).toBeGreaterThanOrEqual(1);
    } finally {
      await server.close();
      await removeDir(dataDir);
    }
  });
});

import { CloseCode } from "@tablecloth/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../TableclothServer";
import { connectSynced, waitForFinalClose } from "./connectProvider";
import { makeTempDir, removeDir, startTestServer } from "./testServer";

const MAX_FRAME_BYTES = 1024;
let dataDir: string;
let server: RunningServer;

beforeAll(async () => {
  dataDir = await makeTempDir();
  // The socket layer's cap is 4 × maxFrameBytes = 4 KiB.
  server = await startTestServer({
    dataDir,
    env: { TABLECLOTH_MAX_FRAME_BYTES: String(MAX_FRAME_BYTES) },
  });
});

afterAll(async () => {
  await server?.close();
  await removeDir(dataDir);
});

describe("an over-limit frame from the stock client ends in a final close, with no reconnect", () => {
  for (const [where, bytes] of [
    ["the engine (over maxFrameBytes)", 2_000],
    ["the socket layer (over maxPayloadBytes, formerly 1009)", 64 * 1024],
  ] as const) {
    it(`at ${where}`, async () => {
      const provider = await connectSynced(server.url, `oversize-${bytes}`);
      let connects = 0;
      provider.on("status", ({ status }: { status: string }) => {
        if (status === "connected") connects++;
      });
      const closed = waitForFinalClose(provider, 5_000);
      provider.doc.getText("t").insert(0, "x".repeat(bytes));
      expect(await closed).toBe(CloseCode.TooLarge);
      // The stock client's backoff is at most 2.5 s: wait past it and count reconnects.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(connects).toBe(0);
      expect(provider.wsconnected).toBe(false);
      provider.destroy();
    }, 15_000);
  }
});

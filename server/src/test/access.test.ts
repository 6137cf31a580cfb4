import { CloseCode } from "@tablecloth/protocol";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import type { DocAccess } from "../DocAccess";
import type { RunningServer, ServerExtension } from "../TableclothServer";
import { connectSynced, createProvider, waitForFinalClose } from "./connectProvider";
import { makeTempDir, removeDir, startTestServer } from "./testServer";
import { waitForDoc, withTimeout } from "./waitFor";

/** Token rules like the events/auth layer's: facilitator, observer, stranger, broken. */
const tokenAccess: DocAccess = {
  async decide(docName, token) {
    if (token === "t-explode") throw new Error("auth backend down");
    if (token === null || !token.startsWith("t-"))
      return { ok: false, code: CloseCode.Unauthenticated };
    if (token === "t-stranger") return { ok: false, code: CloseCode.Forbidden };
    if (docName === "deleted-board") return { ok: false, code: CloseCode.DocNotFound };
    const observer = token === "t-observer";
    return {
      ok: true,
      context: {
        userId: token.slice(2),
        role: observer ? "observer" : "facilitator",
        readOnly: observer,
      },
      canReadHistory: !observer,
    };
  },
};

let closedExtensions = 0;
const authExtension: ServerExtension = () => {
  const routes = new Hono();
  routes.get("/whoami", (c) => c.json({ extension: "auth" }));
  return {
    docAccess: tokenAccess,
    routes: [routes],
    close: () => {
      closedExtensions++;
    },
  };
};

let dataDir: string;
let server: RunningServer;
beforeAll(async () => {
  dataDir = await makeTempDir();
  server = await startTestServer({ dataDir, extensions: [authExtension] });
});
afterAll(async () => {
  await server.close();
  expect(closedExtensions).toBe(1);
  await removeDir(dataDir);
});

function wsUrl(path: string): string {
  return `${server.url.replace(/^http/, "ws")}${path}`;
}

/** The HTTP status of a refused upgrade (no WebSocket was ever opened). */
function upgradeStatus(path: string): Promise<number> {
  const ws = new WebSocket(wsUrl(path));
  return withTimeout(
    new Promise<number>((resolve, reject) => {
      ws.on("unexpected-response", (_req, res) => {
        resolve(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.on("open", () => reject(new Error(`${path} was upgraded`)));
      ws.on("error", () => {});
    }),
    5_000,
    `the upgrade of ${path} to be refused`,
  );
}

async function finalCloseOf(docName: string, token?: string): Promise<number> {
  const provider = createProvider(server.url, docName, token === undefined ? {} : { token });
  try {
    return await waitForFinalClose(provider);
  } finally {
    provider.destroy();
  }
}

describe("access to sync sockets", () => {
  it("answers HTTP 404 before any upgrade for paths that are not sync sockets", async () => {
    expect(await upgradeStatus("/not-sync")).toBe(404);
    expect(await upgradeStatus("/sync/")).toBe(404);
    expect(await upgradeStatus("/sync/a/b?token=t-facilitator")).toBe(404);
  });

  it("closes refused stock clients with final codes from DocAccess", async () => {
    expect(await finalCloseOf("board-1")).toBe(CloseCode.Unauthenticated);
    expect(await finalCloseOf("board-1", "forged")).toBe(CloseCode.Unauthenticated);
    expect(await finalCloseOf("board-1", "t-stranger")).toBe(CloseCode.Forbidden);
    expect(await finalCloseOf("deleted-board", "t-facilitator")).toBe(CloseCode.DocNotFound);
    expect(await finalCloseOf("bad!name", "t-facilitator")).toBe(CloseCode.DocNotFound);
    expect(server.transport.metrics.refusedTotal.get(String(CloseCode.Unauthenticated))).toBe(2);
  });

  it("closes with InternalError (transient) when DocAccess fails", async () => {
    const ws = new WebSocket(wsUrl("/sync/board-1?token=t-explode"));
    ws.on("error", () => {});
    const code = await withTimeout(
      new Promise<number>((resolve) => ws.once("close", (closeCode) => resolve(closeCode))),
      5_000,
      "the close",
    );
    expect(code).toBe(CloseCode.InternalError);
  });

  it("lets observers read but drops their writes", async () => {
    const facilitator = await connectSynced(server.url, "board-2", { token: "t-facilitator" });
    const observer = await connectSynced(server.url, "board-2", { token: "t-observer" });
    try {
      const dropped = server.syncServer.metrics.updatesDropped;
      observer.doc.getMap("m").set("graffiti", true);
      // Awareness sent after the write on the same socket: once it arrives, the write was handled.
      const seen = new Promise<void>((resolve) => {
        const onChange = () => {
          if (facilitator.awareness.getStates().has(observer.doc.clientID)) {
            facilitator.awareness.off("change", onChange);
            resolve();
          }
        };
        facilitator.awareness.on("change", onChange);
      });
      observer.awareness.setLocalStateField("user", { name: "Olga" });
      await withTimeout(seen, 5_000, "the observer's awareness");
      facilitator.doc.getMap("m").set("agenda", "welcome");
      await waitForDoc(
        observer.doc,
        (doc) => doc.getMap("m").has("agenda"),
        "the observer to read",
      );
      expect(server.syncServer.metrics.updatesDropped).toBeGreaterThan(dropped);
      expect(facilitator.doc.getMap("m").has("graffiti")).toBe(false);
    } finally {
      facilitator.destroy();
      observer.destroy();
    }
  });

  it("serves routes that extensions mount at /api", async () => {
    const response = await fetch(`${server.url}/api/whoami`);
    expect(await response.json()).toEqual({ extension: "auth" });
  });
});

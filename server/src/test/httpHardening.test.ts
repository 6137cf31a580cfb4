import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { createLogger } from "../logger";
import { type RunningServer, startServer } from "../TableclothServer";
import { tableclothExtensions } from "../tableclothExtensions";
import { NO_RENDER_WARM_UP } from "./noRenderWarmUp";
import { makeTempDir, removeDir } from "./testServer";
import { withTimeout } from "./waitFor";

/** The whole product (every extension) on a real port: what a browser or an attacker talks to. */
let dataDir: string;
let server: RunningServer;
const METRICS_TOKEN = "metrics-token-for-tests-0123456789";
const PER_ADDRESS = 40;
const API_BURST = 50;
beforeAll(async () => {
  dataDir = await makeTempDir();
  const env = {
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    TABLECLOTH_METRICS_TOKEN: METRICS_TOKEN,
    TABLECLOTH_HEADERS_TIMEOUT_MS: "500",
    TABLECLOTH_MAX_CONNECTIONS_PER_ADDRESS: String(PER_ADDRESS),
    TABLECLOTH_API_BURST: String(API_BURST),
    TABLECLOTH_API_PER_MINUTE: "60",
    NODE_ENV: "production",
    ...NO_RENDER_WARM_UP,
  };
  const { config } = loadConfig(env, []);
  server = await startServer(config, {
    logger: createLogger({ level: "silent" }),
    extensions: tableclothExtensions(config, env),
  });
});
afterAll(async () => {
  await server.close();
  await removeDir(dataDir);
});

async function api<T>(
  path: string,
  init: { method?: string; token?: string; json?: unknown } = {},
) {
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? "GET",
    headers: {
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
      ...(init.json === undefined ? {} : { "Content-Type": "application/json" }),
    },
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

async function newEvent() {
  const created = await api<{ event: { id: string; joinCode: string }; facilitatorToken: string }>(
    "/api/events",
    { method: "POST", json: { title: "Hardening", format: "world-cafe" } },
  );
  const join = (name: string) =>
    api<{ token: string; participant: { id: string; name: string } }>("/api/join", {
      method: "POST",
      json: { code: created.body.event.joinCode, name },
    });
  return { ...created.body, join };
}

describe("the full app", () => {
  it("serves an uploaded SVG as an attachment under the sandbox CSP, not the app's policy", async () => {
    const { facilitatorToken, event } = await newEvent();
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>';
    const uploaded = await fetch(`${server.url}/api/events/${event.id}/uploads`, {
      method: "POST",
      body: svg,
      headers: { "Content-Type": "image/svg+xml", Authorization: `Bearer ${facilitatorToken}` },
    });
    expect(uploaded.status).toBe(201);
    const { url } = (await uploaded.json()) as { url: string };
    const served = await fetch(`${server.url}${url}`);
    await served.arrayBuffer();
    const csp = served.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("sandbox");
    expect(csp).not.toContain("script-src 'self'");
    expect(served.headers.get("content-disposition")).toMatch(/^attachment/);
  });

  it("keeps /metrics behind its token when one is set", async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/metrics`, { headers: { Authorization: "Bearer no" } });
    expect(wrong.status).toBe(403);
    const right = await fetch(`${server.url}/metrics`, {
      headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain("tablecloth_");
  });

  it("limits every authenticated route per participant, café routes included, not per address", async () => {
    const { event, join } = await newEvent();
    const hammer = await join("Hammer");
    const other = await join("Other");
    let limited = 0;
    for (let i = 0; i < API_BURST + 20; i++) {
      const { status } = await api(`/api/events/${event.id}/cafe/presence`, {
        method: "POST",
        token: hammer.body.token,
        json: { presence: "remote" },
      });
      if (status === 429) limited++;
    }
    expect(limited).toBeGreaterThanOrEqual(20);
    const after = await api(`/api/events/${event.id}`, { token: hammer.body.token });
    expect(after.status).toBe(429);
    expect(after.headers.get("retry-after")).not.toBeNull();
    // Someone else from the same address is not affected.
    expect((await api(`/api/events/${event.id}`, { token: other.body.token })).status).toBe(200);
  });

  it("normalises names and refuses too long ones with a clear error", async () => {
    const { join } = await newEvent();
    const bidi = await join("\u202Enimda\u202C ＡＤＡ");
    expect(bidi.status).toBe(201);
    expect(bidi.body.participant.name).toBe("nimda ADA");
    const long = await api<{ error: { field: string; message: string } }>("/api/join", {
      method: "POST",
      json: { code: "ZZZZZZ", name: "a".repeat(81) },
    });
    expect(long.status).toBe(400);
    expect(long.body.error.field).toBe("name");
    expect(long.body.error.message).toContain("at most 80 characters");
  });
});

describe("the HTTP edges", () => {
  const open = (): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const socket = connect(server.port, "127.0.0.1", () => resolve(socket));
      socket.on("error", reject);
    });
  const closed = (socket: Socket) =>
    new Promise<void>((resolve) => {
      if (socket.destroyed) resolve();
      socket.on("close", () => resolve());
    });

  it("cuts off a client that sends its headers too slowly (slowloris)", async () => {
    const socket = await open();
    socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    const started = Date.now();
    const dripping = setInterval(() => socket.write("X-Drip: 1\r\n"), 100);
    try {
      await withTimeout(closed(socket), 5_000, "the slow socket to be closed");
    } finally {
      clearInterval(dripping);
    }
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("caps the connections one address may hold open", async () => {
    const sockets = await Promise.all(Array.from({ length: PER_ADDRESS + 10 }, open));
    const results = await Promise.all(
      sockets.map((socket) =>
        Promise.race([
          closed(socket).then(() => "closed"),
          new Promise((resolve) => setTimeout(() => resolve("open"), 300)),
        ]),
      ),
    );
    expect(results.filter((r) => r === "closed").length).toBeGreaterThanOrEqual(10);
    for (const socket of sockets) socket.destroy();
    await Promise.all(sockets.map(closed));
  });

  it("refuses a sync upgrade from a page of another origin, allows one without Origin", async () => {
    const handshake = (origin: string | null) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(server.port, "127.0.0.1", () => {
          socket.write(
            `GET /sync/none.control HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${origin ? `Origin: ${origin}\r\n` : ""}\r\n`,
          );
        });
        let text = "";
        socket.on("data", (chunk) => {
          text += chunk.toString("latin1");
          if (text.includes("\r\n")) {
            resolve(text.split("\r\n")[0] ?? "");
            socket.destroy();
          }
        });
        socket.on("error", reject);
        // A refusal may also drop the socket before its status line arrives: never a 101.
        socket.on("close", () => resolve(text.split("\r\n")[0] ?? ""));
      });
    expect(await handshake("https://evil.example")).not.toBe("HTTP/1.1 101 Switching Protocols");
    expect(await handshake(`http://127.0.0.1:${server.port}`)).toBe(
      "HTTP/1.1 101 Switching Protocols",
    );
    expect(await handshake(null)).toBe("HTTP/1.1 101 Switching Protocols");
  });
});

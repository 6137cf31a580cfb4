import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CloseCode } from "@tablecloth/protocol";
import { MemoryDocStore } from "@tablecloth/storage";
import { Hono } from "hono";
import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { type AppDeps, createApp } from "./app";
import { collectProcessMetrics } from "./collectProcessMetrics";
import type { DocAccess } from "./DocAccess";
import { openDocAccess } from "./DocAccess";
import { httpError } from "./httpError";
import { createLogger } from "./logger";
import { makeTempDir, removeDir } from "./test/testServer";

const silent = createLogger({ level: "silent" });
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map(removeDir));
});

function deps(overrides: Partial<AppDeps> = {}): AppDeps {
  return {
    store: new MemoryDocStore(),
    docAccess: openDocAccess,
    logger: silent,
    collectMetrics: collectProcessMetrics,
    clientDistDir: null,
    ...overrides,
  };
}

/** Tokens as the events/auth layer would hand them out: one facilitator, one participant. */
const tokenAccess: DocAccess = {
  async decide(_docName, token) {
    if (token === null || !token.startsWith("t-"))
      return { ok: false, code: CloseCode.Unauthenticated };
    if (token === "t-stranger") return { ok: false, code: CloseCode.Forbidden };
    if (token === "t-gone") return { ok: false, code: CloseCode.DocNotFound };
    const facilitator = token === "t-facilitator";
    return {
      ok: true,
      context: {
        userId: token,
        role: facilitator ? "facilitator" : "participant",
        readOnly: false,
      },
      canReadHistory: facilitator,
    };
  },
};

async function errorCode(response: Response): Promise<string> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(typeof body.error.message).toBe("string");
  return body.error.code;
}

describe("GET /healthz", () => {
  it("answers 200 while the store answers, 503 once it fails", async () => {
    const store = new MemoryDocStore();
    const app = createApp(deps({ store }));
    const ok = await app.request("/healthz");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true });
    await store.close();
    const down = await app.request("/healthz");
    expect(down.status).toBe(503);
    expect(((await down.json()) as { ok: boolean }).ok).toBe(false);
  });

  it("answers 503 with the reason while accepted updates cannot be stored, 200 once they can", async () => {
    let trouble: string | null = "update log cannot be written";
    const app = createApp(deps({ persistenceTrouble: () => trouble }));
    const down = await app.request("/healthz");
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ ok: false, reason: "update log cannot be written" });
    trouble = null;
    expect((await app.request("/healthz")).status).toBe(200);
  });

  it("answers 503 during shutdown", async () => {
    const app = createApp(deps({ isShuttingDown: () => true }));
    expect((await app.request("/healthz")).status).toBe(503);
  });
});

describe("GET /metrics", () => {
  it("renders Prometheus text", async () => {
    const app = createApp(deps());
    const response = await app.request("/metrics");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await response.text();
    expect(text).toContain("# TYPE process_resident_memory_bytes gauge\n");
    expect(text).toContain("# TYPE process_cpu_user_seconds_total counter\n");
    for (const line of text.trimEnd().split("\n")) {
      if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
      expect(line).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$/);
    }
  });
});

describe("history endpoints", () => {
  it("404 for an invalid doc name, 400 for a bad `at`", async () => {
    const app = createApp(deps());
    const invalid = await app.request("/api/docs/no!pe/history");
    expect(invalid.status).toBe(404);
    expect(await errorCode(invalid)).toBe("doc_not_found");
    expect((await app.request("/api/docs/..%2F..%2Fetc/state?at=1")).status).toBe(404);
    for (const at of ["", "abc", "-1", "1.5", "1e3", "99999999999999999"]) {
      const response = await app.request(`/api/docs/doc-1/state?at=${at}`);
      expect(response.status, `at=${at}`).toBe(400);
      expect(await errorCode(response)).toBe("invalid_request");
    }
    expect((await app.request("/api/docs/doc-1/state")).status).toBe(400);
  });

  it("asks DocAccess with the bearer token: 401, 403, 404 and 200", async () => {
    const store = new MemoryDocStore();
    const doc = new Y.Doc();
    doc.getMap("m").set("k", 1);
    await store.append([
      { docName: "doc-1", update: Y.encodeStateAsUpdate(doc), at: 1_000, author: "p1" },
    ]);
    let flushed = 0;
    const app = createApp(
      deps({
        store,
        docAccess: tokenAccess,
        flush: async () => {
          flushed++;
        },
      }),
    );
    const get = (path: string, token?: string) =>
      app.request(path, token ? { headers: { Authorization: `Bearer ${token}` } } : {});

    const anonymous = await get("/api/docs/doc-1/history");
    expect(anonymous.status).toBe(401);
    expect(await errorCode(anonymous)).toBe("unauthenticated");
    expect((await get("/api/docs/doc-1/history", "nonsense")).status).toBe(401);
    expect((await get("/api/docs/doc-1/history", "t-stranger")).status).toBe(403);
    expect((await get("/api/docs/doc-1/history", "t-gone")).status).toBe(404);
    const participant = await get("/api/docs/doc-1/history", "t-participant");
    expect(participant.status).toBe(403);
    expect(await errorCode(participant)).toBe("forbidden");
    expect((await get("/api/docs/doc-1/state?at=5000", "t-participant")).status).toBe(403);

    const history = await get("/api/docs/doc-1/history", "t-facilitator");
    expect(history.status).toBe(200);
    expect(await history.json()).toEqual({ entries: [{ seq: 1, at: 1_000, author: "p1" }] });
    expect(flushed).toBe(1);

    const before = await get("/api/docs/doc-1/state?at=999", "t-facilitator");
    const early = new Y.Doc();
    Y.applyUpdate(early, new Uint8Array(await before.arrayBuffer()));
    expect(early.getMap("m").toJSON()).toEqual({});
    const after = await get("/api/docs/doc-1/state?at=1000", "t-facilitator");
    expect(after.headers.get("content-type")).toBe("application/octet-stream");
    const late = new Y.Doc();
    Y.applyUpdate(late, new Uint8Array(await after.arrayBuffer()));
    expect(late.getMap("m").toJSON()).toEqual({ k: 1 });
  });
});

describe("routing and errors", () => {
  it("mounts extra routes at /api and renders their HTTPExceptions as JSON", async () => {
    const extra = new Hono();
    extra.get("/ping", (c) => c.json({ pong: true }));
    extra.post("/conflict", () => {
      throw httpError(409, "conflict", "That join code is taken.");
    });
    extra.get("/boom", () => {
      throw new Error("secret internals");
    });
    const app = createApp(deps({ routes: [extra] }));
    expect(await (await app.request("/api/ping")).json()).toEqual({ pong: true });
    const conflict = await app.request("/api/conflict", { method: "POST" });
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toEqual({
      error: { code: "conflict", message: "That join code is taken." },
    });
    const boom = await app.request("/api/boom");
    expect(boom.status).toBe(500);
    const body = await boom.text();
    expect(body).not.toContain("secret internals");
    expect(JSON.parse(body)).toEqual({
      error: { code: "internal", message: "Internal server error" },
    });
  });

  it("answers unknown API paths with JSON 404 and plain-HTTP sync with 426", async () => {
    const app = createApp(deps());
    const missing = await app.request("/api/nothing-here");
    expect(missing.status).toBe(404);
    expect(await errorCode(missing)).toBe("not_found");
    const sync = await app.request("/sync/doc-1");
    expect(sync.status).toBe(426);
  });

  it("sets security headers", async () => {
    const response = await createApp(deps()).request("/healthz");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
  });
});

describe("the built client", () => {
  it("serves files, falls back to index.html for app routes, 404s missing files", async () => {
    const dist = await makeTempDir();
    dirs.push(dist);
    await mkdir(join(dist, "assets"));
    await writeFile(join(dist, "index.html"), "<!doctype html><title>Tablecloth</title>");
    await writeFile(join(dist, "assets", "main-abc123.js"), "console.log('hi')");
    const app = createApp(deps({ clientDistDir: dist }));

    const root = await app.request("/");
    expect(root.status).toBe(200);
    expect(await root.text()).toContain("<title>Tablecloth</title>");
    expect(root.headers.get("cache-control")).toBe("no-cache");

    const route = await app.request("/events/abc/tables/3");
    expect(route.status).toBe(200);
    expect(route.headers.get("content-type")).toContain("text/html");

    const asset = await app.request("/assets/main-abc123.js");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toContain("javascript");
    expect(asset.headers.get("cache-control")).toContain("immutable");

    expect((await app.request("/assets/missing-xyz.js")).status).toBe(404);
    expect((await app.request("/api/nothing")).status).toBe(404);
  });

  it("says how to build the client when it is missing", async () => {
    const dist = await makeTempDir();
    dirs.push(dist);
    const app = createApp(deps({ clientDistDir: join(dist, "not-built") }));
    const root = await app.request("/");
    expect(root.status).toBe(503);
    expect(await root.text()).toContain("pnpm build");
    expect((await app.request("/healthz")).status).toBe(200);
  });
});

import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "@tablecloth/storage";
import type { Database } from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createUploadRoutes,
  type UploadAuthorization,
  type UploadResult,
} from "./createUploadRoutes";
import { SqliteUploadLedger } from "./SqliteUploadLedger";

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);
const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

let dataDir: string;
let db: Database;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "tablecloth-uploads-"));
  db = openDatabase(":memory:");
});
afterEach(async () => {
  db.close();
  await rm(dataDir, { recursive: true, force: true });
});

function app(
  options: { maxBytes?: number; perEventBytes?: number; perParticipantBytes?: number } = {},
) {
  return createUploadRoutes({
    dataDir,
    maxBytes: options.maxBytes ?? 1024,
    ledger: SqliteUploadLedger.open(db),
    quotas: {
      perEventBytes: options.perEventBytes ?? 1_000_000,
      perParticipantBytes: options.perParticipantBytes ?? 1_000_000,
    },
    authorize: (c): UploadAuthorization => {
      const auth = c.req.header("authorization");
      if (auth === "Bearer writer") return { ok: true, eventId: "e1", participantId: "w" };
      if (auth === "Bearer writer2") return { ok: true, eventId: "e1", participantId: "w2" };
      if (auth === "Bearer other") return { ok: true, eventId: "e2", participantId: "x" };
      if (auth === "Bearer observer") return { ok: false, status: 403 };
      return { ok: false, status: 401 };
    },
  });
}

function post(body: Uint8Array, type = "image/png", token = "writer") {
  return {
    method: "POST",
    body,
    headers: { "Content-Type": type, Authorization: `Bearer ${token}` },
  };
}

describe("createUploadRoutes", () => {
  it("stores a file under its SHA-256 and serves it back with safe headers", async () => {
    const routes = app();
    const res = await routes.request("/uploads", post(PNG));
    expect(res.status).toBe(201);
    const result = (await res.json()) as UploadResult;
    expect(result).toEqual({
      hash: sha256(PNG),
      url: `/api/uploads/${sha256(PNG)}`,
      type: "image/png",
      size: PNG.byteLength,
    });
    expect(new Uint8Array(await readFile(join(dataDir, "uploads", result.hash)))).toEqual(PNG);

    const got = await routes.request(`/uploads/${result.hash}`);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("image/png");
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");
    expect(got.headers.get("cache-control")).toContain("immutable");
    expect(got.headers.get("content-security-policy")).toContain("sandbox");
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(PNG);

    const cached = await routes.request(`/uploads/${result.hash}`, {
      headers: { "If-None-Match": `"${result.hash}"` },
    });
    expect(cached.status).toBe(304);
  });

  it("keeps one copy of the same content and leaves no temporary files", async () => {
    const routes = app();
    const [a, b] = await Promise.all([
      routes.request("/uploads", post(PNG)),
      routes.request("/uploads", post(PNG)),
    ]);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(await readdir(join(dataDir, "uploads"))).toEqual([sha256(PNG)]);
  });

  it("asks authorize: 401 without a token, 403 for an observer", async () => {
    const routes = app();
    expect((await routes.request("/uploads", post(PNG, "image/png", "nobody"))).status).toBe(401);
    expect((await routes.request("/uploads", post(PNG, "image/png", "observer"))).status).toBe(403);
  });

  it("refuses files over the size limit with 413", async () => {
    const big = new Uint8Array(2048);
    big.set(PNG);
    expect((await app().request("/uploads", post(big))).status).toBe(413);
  });

  it("refuses types it does not know, and a declared type the bytes contradict", async () => {
    const html = new TextEncoder().encode("<html><script>alert(1)</script></html>");
    expect((await app().request("/uploads", post(html, "image/png"))).status).toBe(415);
    expect((await app().request("/uploads", post(PNG, "image/gif"))).status).toBe(415);
    expect((await app().request("/uploads", post(PNG, "application/octet-stream"))).status).toBe(
      201,
    );
  });

  it("refuses an empty body", async () => {
    expect((await app().request("/uploads", post(new Uint8Array()))).status).toBe(400);
  });

  it("answers 404 for unknown or malformed hashes, never reading outside its folder", async () => {
    const routes = app();
    expect((await routes.request(`/uploads/${"a".repeat(64)}`)).status).toBe(404);
    expect((await routes.request("/uploads/..%2F..%2Fetc%2Fpasswd")).status).toBe(404);
    expect((await routes.request("/uploads/ABC")).status).toBe(404);
  });

  it("ties every upload to its event and charges the event's and the uploader's quotas", async () => {
    const routes = app({
      perEventBytes: 3 * PNG.byteLength,
      perParticipantBytes: 2 * PNG.byteLength,
    });
    const variant = (n: number) => {
      const bytes = new Uint8Array(PNG.byteLength);
      bytes.set(PNG);
      bytes[PNG.byteLength - 1] = n;
      return bytes;
    };
    expect((await routes.request("/events/e1/uploads", post(variant(1)))).status).toBe(201);
    // The same content again costs nothing more.
    expect((await routes.request("/events/e1/uploads", post(variant(1)))).status).toBe(201);
    expect((await routes.request("/uploads", post(variant(2)))).status).toBe(201);
    const own = await routes.request("/events/e1/uploads", post(variant(3)));
    expect(own.status).toBe(413);
    expect(await own.text()).toContain("Your uploads");
    expect(
      (await routes.request("/events/e1/uploads", post(variant(3), "image/png", "writer2"))).status,
    ).toBe(201);
    const full = await routes.request(
      "/events/e1/uploads",
      post(variant(4), "image/png", "writer2"),
    );
    expect(full.status).toBe(413);
    expect(await full.text()).toContain("This event's uploads");
    // Another event has its own quota; a token may not upload into another event.
    expect(
      (await routes.request("/events/e2/uploads", post(variant(4), "image/png", "other"))).status,
    ).toBe(201);
    expect((await routes.request("/events/e2/uploads", post(variant(5)))).status).toBe(403);
  });

  it("serves an SVG as an attachment under the sandbox policy", async () => {
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    );
    const routes = app();
    const res = await routes.request("/uploads", post(svg, "image/svg+xml"));
    expect(res.status).toBe(201);
    const { url } = (await res.json()) as UploadResult;
    const got = await routes.request(url.replace("/api", ""));
    expect(got.headers.get("content-disposition")).toMatch(/^attachment/);
    expect(got.headers.get("content-security-policy")).toContain("sandbox");
  });
});

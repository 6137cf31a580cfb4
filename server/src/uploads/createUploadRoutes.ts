import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { type SniffableType, sniffContentType } from "./sniffContentType";
import {
  DEFAULT_UPLOAD_ALLOWED_TYPES,
  DEFAULT_UPLOAD_MAX_BYTES,
  UPLOAD_CACHE_CONTROL,
} from "./uploadLimits";

/** What `authorize` decides about an upload request. */
export type UploadAuthorization = { ok: true } | { ok: false; status: 401 | 403 };

export interface UploadRoutesOptions {
  /** Files are kept under `<dataDir>/uploads/<sha256>`. */
  dataDir: string;
  /** Largest accepted body in bytes (default 10 MiB); larger ones get 413. */
  maxBytes?: number;
  /** Media types accepted, recognised from the bytes themselves; others get 415. */
  allowedTypes?: readonly SniffableType[];
  /**
   * Decides whether this request may upload (e.g. a participant's bearer token; observers are
   * read-only and should get 403). Reading is open: a SHA-256 of the content is the capability,
   * because `<img>` tags cannot send a bearer token.
   */
  authorize: (request: Request) => UploadAuthorization | Promise<UploadAuthorization>;
  /** Path the routes are mounted under, used in the returned `url` (default `/api`). */
  mountPath?: string;
}

/** The body of a successful `POST /uploads`. */
export interface UploadResult {
  hash: string;
  url: string;
  type: SniffableType;
  size: number;
}

const HASH_PATTERN = /^[0-9a-f]{64}$/;

async function readBodyWithLimit(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new HTTPException(413, { message: `upload is larger than ${maxBytes} bytes` });
  }
  if (!request.body) throw new HTTPException(400, { message: "empty upload" });
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new HTTPException(413, { message: `upload is larger than ${maxBytes} bytes` });
    }
    chunks.push(value);
  }
  if (size === 0) throw new HTTPException(400, { message: "empty upload" });
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function declaredType(request: Request): string | null {
  const header = request.headers.get("content-type");
  if (!header) return null;
  const type = header.split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "" || type === "application/octet-stream") return null;
  return type === "image/jpg" ? "image/jpeg" : type;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * `POST /uploads` (raw file body, `Content-Type` its media type) stores a file under its SHA-256
 * and answers 201 `{hash, url, type, size}`; `GET /uploads/:hash` serves it back with its type,
 * immutable caching and headers that stop a browser from running it. Mount under `/api`.
 */
export function createUploadRoutes(options: UploadRoutesOptions): Hono {
  const maxBytes = options.maxBytes ?? DEFAULT_UPLOAD_MAX_BYTES;
  const allowedTypes = new Set<string>(options.allowedTypes ?? DEFAULT_UPLOAD_ALLOWED_TYPES);
  const mountPath = (options.mountPath ?? "/api").replace(/\/$/, "");
  const dir = join(options.dataDir, "uploads");
  const app = new Hono();

  app.post("/uploads", async (c) => {
    const decision = await options.authorize(c.req.raw);
    if (!decision.ok) {
      throw new HTTPException(decision.status, {
        message: decision.status === 401 ? "sign in to upload" : "you may not upload here",
      });
    }
    const bytes = await readBodyWithLimit(c.req.raw, maxBytes);
    const type = sniffContentType(bytes);
    if (type === null || !allowedTypes.has(type)) {
      throw new HTTPException(415, { message: "this kind of file is not accepted" });
    }
    const declared = declaredType(c.req.raw);
    if (declared !== null && declared !== type) {
      throw new HTTPException(415, { message: `file is ${type}, not ${declared}` });
    }
    const hash = createHash("sha256").update(bytes).digest("hex");
    const path = join(dir, hash);
    if (!(await exists(path))) {
      await mkdir(dir, { recursive: true });
      // Write aside, then rename: a reader never sees half a file, and two identical uploads
      // racing each other both end with the same complete file.
      const temporary = join(dir, `.${hash}.${randomUUID()}.tmp`);
      try {
        await writeFile(temporary, bytes);
        await rename(temporary, path);
      } finally {
        await rm(temporary, { force: true });
      }
    }
    const result: UploadResult = {
      hash,
      url: `${mountPath}/uploads/${hash}`,
      type,
      size: bytes.byteLength,
    };
    return c.json(result, 201);
  });

  app.get("/uploads/:hash", async (c) => {
    const hash = c.req.param("hash");
    if (!HASH_PATTERN.test(hash)) throw new HTTPException(404, { message: "no such upload" });
    const etag = `"${hash}"`;
    let bytes: Uint8Array;
    try {
      bytes = await readFile(join(dir, hash));
    } catch {
      throw new HTTPException(404, { message: "no such upload" });
    }
    const type = sniffContentType(bytes) ?? "application/octet-stream";
    const headers = new Headers({
      "Content-Type": type,
      "Cache-Control": UPLOAD_CACHE_CONTROL,
      ETag: etag,
      "X-Content-Type-Options": "nosniff",
      // An SVG opened on its own must not run scripts on our origin.
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      "Cross-Origin-Resource-Policy": "same-origin",
    });
    if (c.req.header("if-none-match") === etag) return new Response(null, { status: 304, headers });
    headers.set("Content-Length", String(bytes.byteLength));
    return new Response(bytes, { status: 200, headers });
  });

  return app;
}

import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiError, badRequest, forbidden, tooLarge, unauthenticated } from "../api/ApiError";
import { type SniffableType, sniffContentType } from "./sniffContentType";
import type { UploadLedger, UploadQuotas } from "./UploadLedger";
import {
  DEFAULT_UPLOAD_ALLOWED_TYPES,
  DEFAULT_UPLOAD_MAX_BYTES,
  UPLOAD_CACHE_CONTROL,
  UPLOAD_CONTENT_SECURITY_POLICY,
} from "./uploadLimits";

/** What `authorize` decides about an upload request: whose event and quota pay for it. */
export type UploadAuthorization =
  | { ok: true; eventId: string; participantId: string }
  | { ok: false; status: 401 | 403 };

export interface UploadRoutesOptions {
  /** Files are kept under `<dataDir>/uploads/<sha256>`. */
  dataDir: string;
  /** Which event holds which upload, and what it cost (`SqliteUploadLedger`). */
  ledger: UploadLedger;
  /** Bytes an event's uploads, and one participant's, may add up to; past them 413. */
  quotas: UploadQuotas;
  /** Largest accepted body in bytes (default 10 MiB); larger ones get 413. */
  maxBytes?: number;
  /** Media types accepted, recognised from the bytes themselves; others get 415. */
  allowedTypes?: readonly SniffableType[];
  /**
   * Decides whether this request may upload, and for which event and participant (a member's
   * bearer token; observers are read-only and get 403). Reading is open: a SHA-256 of the content
   * is the capability, because `<img>` tags cannot send a bearer token.
   */
  authorize: (c: Context) => UploadAuthorization | Promise<UploadAuthorization>;
  /** Path the routes are mounted under, used in the returned `url` (default `/api`). */
  mountPath?: string;
  /** Clock for the ledger's timestamps. */
  now?: () => number;
}

/** The body of a successful `POST /uploads`. */
export interface UploadResult {
  hash: string;
  url: string;
  type: SniffableType;
  size: number;
}

const HASH_PATTERN = /^[0-9a-f]{64}$/;

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
 * `POST /events/:eventId/uploads` (raw file body, `Content-Type` its media type) stores a file
 * under its SHA-256 for that event, charged to the event's and the uploader's quotas, and answers
 * 201 `{hash, url, type, size}`; `POST /uploads` does the same for the caller's own event.
 * `GET /uploads/:hash` serves a file back with its type, immutable caching and headers that stop
 * a browser from running it (SVGs as attachments). Mount under `/api`.
 */
export function createUploadRoutes(options: UploadRoutesOptions): Hono {
  const maxBytes = options.maxBytes ?? DEFAULT_UPLOAD_MAX_BYTES;
  const allowedTypes = new Set<string>(options.allowedTypes ?? DEFAULT_UPLOAD_ALLOWED_TYPES);
  const mountPath = (options.mountPath ?? "/api").replace(/\/$/, "");
  const now = options.now ?? Date.now;
  const dir = join(options.dataDir, "uploads");
  const app = new Hono();

  const limitBody = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge(`The upload is larger than ${maxBytes} bytes.`);
    },
  });

  const authorizeFor = async (c: Context, pathEventId: string | null) => {
    const decision = await options.authorize(c);
    if (!decision.ok) {
      throw decision.status === 401
        ? unauthenticated("Sign in to upload.")
        : forbidden("You may not upload here.");
    }
    if (pathEventId !== null && pathEventId !== decision.eventId) {
      throw forbidden("This token is for another event.");
    }
    return decision;
  };

  const store = async (c: Context, pathEventId: string | null) => {
    const { eventId, participantId } = await authorizeFor(c, pathEventId);
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength === 0) throw badRequest("The upload is empty.", "body");
    const type = sniffContentType(bytes);
    if (type === null || !allowedTypes.has(type)) {
      throw new ApiError(415, "unsupported_media_type", "This kind of file is not accepted.");
    }
    const declared = declaredType(c.req.raw);
    if (declared !== null && declared !== type) {
      throw new ApiError(415, "unsupported_media_type", `The file is ${type}, not ${declared}.`);
    }
    const hash = createHash("sha256").update(bytes).digest("hex");
    const recorded = await options.ledger.record(
      { eventId, hash, participantId, bytes: bytes.byteLength, at: now() },
      options.quotas,
    );
    if (!recorded.ok) {
      throw new ApiError(
        413,
        "quota_exceeded",
        recorded.exceeded === "event"
          ? `This event's uploads would pass ${options.quotas.perEventBytes} bytes.`
          : `Your uploads would pass ${options.quotas.perParticipantBytes} bytes.`,
      );
    }
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
  };

  app.post("/events/:eventId/uploads", limitBody, (c) => store(c, c.req.param("eventId")));
  app.post("/uploads", limitBody, (c) => store(c, null));

  app.get("/uploads/:hash", async (c) => {
    const hash = c.req.param("hash");
    if (!HASH_PATTERN.test(hash)) throw new ApiError(404, "not_found", "No such upload.");
    const etag = `"${hash}"`;
    let bytes: Uint8Array;
    try {
      bytes = await readFile(join(dir, hash));
    } catch {
      throw new ApiError(404, "not_found", "No such upload.");
    }
    const type = sniffContentType(bytes) ?? "application/octet-stream";
    const headers = new Headers({
      "Content-Type": type,
      "Cache-Control": UPLOAD_CACHE_CONTROL,
      ETag: etag,
      "X-Content-Type-Options": "nosniff",
      // An SVG opened on its own must not run scripts on our origin: sandboxed, and downloaded
      // rather than shown when opened directly (an <img> ignores the disposition).
      "Content-Security-Policy": UPLOAD_CONTENT_SECURITY_POLICY,
      "Cross-Origin-Resource-Policy": "same-origin",
    });
    if (type === "image/svg+xml")
      headers.set("Content-Disposition", `attachment; filename="${hash}.svg"`);
    if (c.req.header("if-none-match") === etag) return new Response(null, { status: 304, headers });
    headers.set("Content-Length", String(bytes.byteLength));
    return new Response(bytes, { status: 200, headers });
  });

  return app;
}

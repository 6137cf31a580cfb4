import { existsSync } from "node:fs";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { isValidDocName } from "@tablecloth/protocol";
import type { DocStore } from "@tablecloth/storage";
import type { Logger } from "@tablecloth/sync";
import { type Env, Hono, type MiddlewareHandler, type Schema } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { adminTokenMatches } from "./api/adminToken";
import { apiErrorHandler } from "./api/apiErrorHandler";
import { bearerToken } from "./auth/authenticate";
import type { DocAccess } from "./DocAccess";
import { securityHeaders } from "./http/securityHeaders";
import { accessError, httpError } from "./httpError";
import { type MetricsExposition, PromClientExposition } from "./metricsExposition";
import type { MetricFamily } from "./renderPrometheus";

/** Any Hono sub-app, whatever its env and schema, mounted at `/api`. */
// biome-ignore lint/complexity/noBannedTypes: `{}` is Hono's own blank schema type.
export type ApiRoutes = Hono<Env, Schema | {}, string>;

/** A middleware an extension runs ahead of every `/api` route on `path`, e.g. `/api/*`. */
export interface ApiMiddleware {
  path: string;
  handler: MiddlewareHandler;
}

export interface AppDeps {
  store: DocStore;
  docAccess: DocAccess;
  logger: Logger;
  /** The metric families `/metrics` renders (engine, transport, process). */
  collectMetrics: () => MetricFamily[];
  /** How `/metrics` is rendered; default prom-client with a registry of this app's own. */
  metricsExposition?: MetricsExposition;
  /**
   * Makes every update accepted so far durable, so `history` and `state?at=` see them. The
   * engine batches appends for up to ~100 ms.
   */
  flush?: () => Promise<void>;
  /** Extra sub-apps mounted at `/api` (events/auth, uploads, client config). */
  routes?: readonly ApiRoutes[];
  /** Middleware run ahead of those routes, each on its own path (e.g. per-participant limits). */
  middleware?: readonly ApiMiddleware[];
  /** When set, `/metrics` needs it as a bearer token (`TABLECLOTH_METRICS_TOKEN`). */
  metricsToken?: string | null;
  /** The built client; null serves none. */
  clientDistDir?: string | null;
  /** True once shutdown began: `/healthz` answers 503 so balancers drain us. */
  isShuttingDown?: () => boolean;
  /** Why accepted updates cannot be stored now (e.g. a full disk), or null: `/healthz` fails. */
  persistenceTrouble?: () => string | null;
}

/**
 * Content-Security-Policy for the SPA: own scripts only; tldraw needs inline styles, data/blob
 * images and workers; pasted images and embeds may come from any https origin.
 */
export const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:", "blob:", "https:"],
  mediaSrc: ["'self'", "data:", "blob:", "https:"],
  fontSrc: ["'self'", "data:"],
  connectSrc: ["'self'", "ws:", "wss:"],
  workerSrc: ["'self'", "blob:"],
  frameSrc: ["https:"],
  objectSrc: ["'none'"],
  frameAncestors: ["'self'"],
  formAction: ["'self'"],
};

/** Hashed Vite assets never change under their name. */
const IMMUTABLE_ASSET = /^\/assets\//;
/** A last path segment with an extension is a file request, never an SPA route. */
const FILE_REQUEST = /\/[^/]*\.[^/]+$/;
const HEALTH_PROBE_DOC = "tablecloth.healthz";

function notBuiltPage(clientDistDir: string): string {
  return [
    "Tablecloth's web client is not built yet.",
    "",
    `Build it with \`pnpm build\` (or \`pnpm --filter @tablecloth/client build\`) so that`,
    `${clientDistDir}/index.html exists, then reload. The API and sync are running.`,
    "",
  ].join("\n");
}

/** Serves the built client with an SPA fallback to index.html; looks for it on each request so a
 * client built after start is picked up. */
function clientHandler(clientDistDir: string): MiddlewareHandler {
  const indexPath = join(clientDistDir, "index.html");
  let files: MiddlewareHandler | null = null;
  let index: MiddlewareHandler | null = null;
  return async (c, next) => {
    if (!existsSync(indexPath)) {
      if (c.req.path === "/" || !FILE_REQUEST.test(c.req.path)) {
        return c.text(notBuiltPage(clientDistDir), 503);
      }
      return next();
    }
    files ??= serveStatic({ root: clientDistDir });
    index ??= serveStatic({ path: indexPath });
    // serveStatic builds its response from the headers set before it runs.
    c.header(
      "Cache-Control",
      IMMUTABLE_ASSET.test(c.req.path) ? "public, max-age=31536000, immutable" : "no-cache",
    );
    const served = await files(c, async () => {});
    if (served instanceof Response) return served;
    if (FILE_REQUEST.test(c.req.path)) {
      c.header("Cache-Control", undefined);
      return next();
    }
    c.header("Cache-Control", "no-cache");
    return index(c, next);
  };
}

/**
 * The HTTP side of the server: health, metrics, doc history, the `/api` routes other modules
 * plug in, and the built client. WebSocket upgrades never reach it (see `SyncTransport`).
 */
export function createApp(deps: AppDeps): Hono {
  const { store, docAccess, logger } = deps;
  const app = new Hono();

  app.use(
    "*",
    securityHeaders(
      secureHeaders({
        contentSecurityPolicy,
        // TLS is the reverse proxy's business; HSTS from a LAN box would pin browsers to https.
        strictTransportSecurity: false,
        crossOriginResourcePolicy: "same-origin",
        referrerPolicy: "no-referrer",
        xFrameOptions: "SAMEORIGIN",
        // A route that sets its own policy keeps it: uploads are served under a sandbox CSP that
        // the app's (which allows our scripts) must not replace.
        overwrite: false,
      }),
    ),
  );

  // Access log at debug level: the path only, never the query or headers (tokens).
  app.use("*", async (c, next) => {
    const started = performance.now();
    await next();
    logger.debug("http request", {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });

  app.onError(apiErrorHandler(logger));

  app.notFound((c) => c.json({ error: { code: "not_found", message: "Not found" } }, 404));

  app.get("/healthz", async (c) => {
    if (deps.isShuttingDown?.()) {
      return c.json({ ok: false, reason: "shutting down" }, 503);
    }
    try {
      await store.exists(HEALTH_PROBE_DOC);
    } catch (error) {
      logger.error("health check: store failed", { error });
      return c.json({ ok: false, reason: "store unavailable" }, 503);
    }
    const trouble = deps.persistenceTrouble?.() ?? null;
    if (trouble !== null) return c.json({ ok: false, reason: trouble }, 503);
    return c.json({ ok: true });
  });

  const metricsToken = deps.metricsToken ?? null;
  const metricsExposition = deps.metricsExposition ?? new PromClientExposition();
  app.get("/metrics", async (c) => {
    if (metricsToken !== null) {
      const presented = bearerToken(c.req.header("Authorization"));
      if (presented === null) throw httpError(401, "unauthenticated", "/metrics needs its token.");
      if (!adminTokenMatches(presented, metricsToken)) {
        throw httpError(403, "forbidden", "That is not the metrics token.");
      }
    }
    return c.body(await metricsExposition.render(deps.collectMetrics()), 200, {
      "Content-Type": metricsExposition.contentType,
      "Cache-Control": "no-store",
    });
  });

  /** Resolves the doc name of a history request and checks the caller may read history. */
  const authorizeHistory = async (docName: string, authorization: string | undefined) => {
    if (!isValidDocName(docName)) throw httpError(404, "doc_not_found", "No such doc.");
    const decision = await docAccess.decide(docName, bearerToken(authorization));
    if (!decision.ok) throw accessError(decision.code);
    if (!decision.canReadHistory) {
      throw httpError(403, "forbidden", "Only facilitators may read a doc's history.");
    }
    await deps.flush?.();
  };

  app.get("/api/docs/:docName/history", async (c) => {
    const docName = c.req.param("docName");
    await authorizeHistory(docName, c.req.header("Authorization"));
    const history = await store.history(docName);
    c.header("Cache-Control", "no-store");
    return c.json({ entries: history.map(({ seq, at, author }) => ({ seq, at, author })) });
  });

  app.get("/api/docs/:docName/state", async (c) => {
    const docName = c.req.param("docName");
    const rawAt = c.req.query("at");
    if (rawAt === undefined || !/^\d{1,16}$/.test(rawAt) || !Number.isSafeInteger(Number(rawAt))) {
      throw httpError(400, "invalid_request", "`at` must be a time in epoch milliseconds.");
    }
    await authorizeHistory(docName, c.req.header("Authorization"));
    const state = await store.stateAt(docName, Number(rawAt));
    return c.body(
      state.buffer.slice(state.byteOffset, state.byteOffset + state.byteLength) as ArrayBuffer,
      200,
      { "Content-Type": "application/octet-stream", "Cache-Control": "no-store" },
    );
  });

  for (const { path, handler } of deps.middleware ?? []) app.use(path, handler);
  for (const routes of deps.routes ?? []) app.route("/api", routes);

  app.all("/api/*", () => {
    throw httpError(404, "not_found", "No such API endpoint.");
  });
  app.all("/sync/*", () => {
    throw httpError(426, "upgrade_required", "Sync speaks WebSocket: connect with an Upgrade.");
  });

  if (deps.clientDistDir) {
    const client = clientHandler(deps.clientDistDir);
    // Hono answers HEAD with the GET route, minus the body.
    app.get("*", client);
  }

  return app;
}

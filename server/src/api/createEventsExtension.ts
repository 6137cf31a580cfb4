import type { DocStore } from "@tablecloth/storage";
import type { Logger, SyncServer } from "@tablecloth/sync";
import type { Context } from "hono";
import type { ApiRoutes } from "../app";
import { type Authentication, authenticate, bearerToken } from "../auth/authenticate";
import { CallerGate } from "../auth/CallerGate";
import { createUploadAuthorizer } from "../auth/createUploadAuthorizer";
import { deviceCookieKey } from "../auth/deviceCookie";
import { EventDocAccess } from "../auth/EventDocAccess";
import { loadSecret } from "../auth/loadSecret";
import { MembershipCache } from "../auth/MembershipCache";
import { RateLimiter } from "../auth/RateLimiter";
import { TokenService } from "../auth/TokenService";
import { createEventService, type EventService } from "../EventService";
import type { EventStore } from "../events/EventStore";
import { openEventStore } from "../events/openEventStore";
import { PgEventStore } from "../events/PgEventStore";
import type { ServerExtension } from "../TableclothServer";
import type { UploadAuthorization } from "../uploads/createUploadRoutes";
import { PgUploadLedger } from "../uploads/PgUploadLedger";
import { SqliteUploadLedger } from "../uploads/SqliteUploadLedger";
import type { UploadLedger } from "../uploads/UploadLedger";
import { type ApiConfig, apiConfigFromEnv } from "./apiConfig";
import { createApiRoutes } from "./createApiRoutes";

type Env = Readonly<Record<string, string | undefined>>;

/** What the events extension built, for other routes that need the same auth (uploads, café). */
export interface EventsServices {
  /** The one `EventService` every route module shares. */
  events: EventService;
  eventStore: EventStore;
  tokens: TokenService;
  membership: MembershipCache;
  syncServer: SyncServer;
  /** The doc store: history and `stateAt` for replay, restore and export. */
  store: DocStore;
  logger: Logger;
  config: ApiConfig;
  /**
   * Who is calling, checked once per request and charged once against the per-participant API
   * limit; its middleware runs ahead of every `/api` route, so routes built on these services
   * (café, uploads) are limited per participant without doing anything.
   */
  gate: CallerGate;
  /** Checks a request's `Authorization: Bearer` token (signature, expiry, removal). */
  authenticateRequest(request: Request): Promise<Authentication>;
  /** `authorize` for `createUploadRoutes`: members who may write boards (not observers). */
  authorizeUpload(c: Context): Promise<UploadAuthorization>;
  /** Which event holds which upload, for `createUploadRoutes` (with `config`'s upload quotas). */
  uploadLedger: UploadLedger;
}

export interface EventsExtensionOptions {
  /** Where `TABLECLOTH_*` settings and `TABLECLOTH_SECRET` are read; `process.env` by default. */
  env?: Env;
  /** Settings to use instead of reading them from `env` (tests). */
  config?: ApiConfig;
  /** More `/api` routes built on the same auth, e.g. uploads: `(s) => [createUploadRoutes({…, authorize: s.authorizeUpload})]`. */
  routes?: (services: EventsServices) => readonly ApiRoutes[];
}

/**
 * Events, participants, roles and tokens as a server extension: migrates the events tables in the
 * shared SQLite file, loads (or generates) the signing secret, and provides the `DocAccess` and
 * the `/api` routes. `startServer(config, {extensions: [createEventsExtension()]})`.
 */
export function createEventsExtension(options: EventsExtensionOptions = {}): ServerExtension {
  return async ({ config: serverConfig, db, pgPool, store, syncServer, logger: rootLogger }) => {
    const env = options.env ?? process.env;
    const config = options.config ?? apiConfigFromEnv(env);
    const logger = rootLogger.child({ component: "events" });
    const { secret, source } = await loadSecret(serverConfig.dataDir, env.TABLECLOTH_SECRET);
    logger.info("token signing secret ready", { source });
    if (config.adminToken === null) {
      logger.warn(
        "anyone who can reach this server may create events (TABLECLOTH_ADMIN_TOKEN unset)",
      );
    }
    // Shared tables go to PostgreSQL when the server has it, so every instance sees them.
    const eventStore = pgPool
      ? await PgEventStore.open(pgPool, logger)
      : openEventStore(db, logger);
    const tokens = new TokenService(secret, { lifetimeMs: config.tokenLifetimeMs });
    const membership = new MembershipCache(eventStore, {
      maxEntries: config.membershipCacheEntries,
    });
    const gate = new CallerGate({
      tokens,
      membership,
      limiter: new RateLimiter(config.apiRate, { maxKeys: config.rateLimiterMaxKeys }),
    });
    const events = createEventService({
      store: eventStore,
      tokens,
      membership,
      sync: syncServer,
      logger,
      config,
    });
    const services: EventsServices = {
      events,
      eventStore,
      tokens,
      membership,
      syncServer,
      store,
      logger,
      config,
      gate,
      authenticateRequest: (request) =>
        authenticate(bearerToken(request.headers.get("Authorization")), tokens, membership),
      authorizeUpload: createUploadAuthorizer(gate),
      uploadLedger: pgPool
        ? await PgUploadLedger.open(pgPool, logger)
        : SqliteUploadLedger.open(db, logger),
    };
    return {
      docAccess: new EventDocAccess({
        tokens,
        membership,
        logger,
        connectLimiter: new RateLimiter(config.connectRate, { maxKeys: config.rateLimiterMaxKeys }),
      }),
      middleware: [{ path: "/api/*", handler: gate.middleware }],
      routes: [
        createApiRoutes({
          events,
          eventStore,
          tokens,
          membership,
          sync: syncServer,
          logger,
          config,
          gate,
          deviceCookieKey: deviceCookieKey(secret),
        }),
        ...(options.routes?.(services) ?? []),
      ],
    };
  };
}

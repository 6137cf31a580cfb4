import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createAdaptorServer } from "@hono/node-server";
import {
  type DocStore,
  openDatabase,
  openPgPool,
  PgDocStore,
  PgLeases,
  SqliteDocStore,
} from "@tablecloth/storage";
import { resolveSyncConfig, SyncServer } from "@tablecloth/sync";
import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";
import type * as Y from "yjs";
import { type ApiMiddleware, type ApiRoutes, createApp } from "./app";
import { ClusterRouter } from "./cluster/ClusterRouter";
import { eventKeyOfDoc } from "./cluster/eventKey";
import { forwardToOwner } from "./cluster/forwardToOwner";
import { LeasedDocStore } from "./cluster/LeasedDocStore";
import { collectProcessMetrics } from "./collectProcessMetrics";
import { collectSyncMetrics } from "./collectSyncMetrics";
import type { ServerConfig } from "./config";
import { type DocAccess, openDocAccess } from "./DocAccess";
import { CONNECTIONS_CHECKING_INTERVAL_MS, guardConnections } from "./http/guardConnections";
import { createOriginPolicy } from "./http/originPolicy";
import { createLogger, type JsonLogger } from "./logger";
import { migrateBoardsOnLoad } from "./migrateBoardsOnLoad";
import { SyncTransport } from "./SyncTransport";

/** The SQLite file under `DATA_DIR` holding docs (and, beside them, the server's own tables). */
export const DATABASE_FILE = "tablecloth.sqlite";

/** What an extension gets to build its part of the server from. */
export interface ServerExtensionDeps {
  config: ServerConfig;
  /** The open SQLite connection (WAL); extensions keep their tables in it. Do not close it. */
  db: BetterSqlite3.Database;
  /**
   * The PostgreSQL pool when `TABLECLOTH_DATABASE_URL` is set (null otherwise): shared tables
   * (events, uploads) go there instead of `db`, so every instance sees them. Do not end it.
   */
  pgPool: pg.Pool | null;
  store: DocStore;
  syncServer: SyncServer;
  logger: JsonLogger;
}

/** What an extension adds: at most one extension may decide doc access. */
export interface ServerExtensions {
  docAccess?: DocAccess;
  /** Sub-apps mounted at `/api`. */
  routes?: readonly ApiRoutes[];
  /** Middleware run ahead of every extension's routes on its path (e.g. `/api/*`). */
  middleware?: readonly ApiMiddleware[];
  /**
   * Runs at each load of any doc, after the stored state and the tldraw migrations are in it and
   * before any client sees it (the room engine's `onLoad`): e.g. to observe a doc while it is in
   * memory. Changes it makes are logged as `"system"`; a throw fails the load.
   */
  onLoad?: (docName: string, doc: Y.Doc) => void | Promise<void>;
  /** Called on shutdown after clients are gone and docs are flushed, before the db closes. */
  close?: () => void | Promise<void>;
}

/** A part of the server wired in at start (events/auth, uploads, client config). */
export type ServerExtension = (
  deps: ServerExtensionDeps,
) => ServerExtensions | Promise<ServerExtensions>;

export interface StartServerOptions {
  /** Defaults to a JSON-lines logger on stdout at `config.logLevel`. */
  logger?: JsonLogger;
  extensions?: readonly ServerExtension[];
}

export interface RunningServer {
  /** `http://host:port`, the base for the API and `/sync`. */
  url: string;
  port: number;
  syncServer: SyncServer;
  store: DocStore;
  transport: SyncTransport;
  /**
   * Graceful shutdown: stop accepting, close clients with GoingAway, flush every doc, close the
   * store. Idempotent (later calls get the same promise).
   */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string, backlog: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once("error", onError);
    server.listen({ port, host, backlog }, () => {
      server.off("error", onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

function formatUrl(host: string, port: number): string {
  const shown = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return `http://${shown.includes(":") ? `[${shown}]` : shown}:${port}`;
}

/**
 * Starts Tablecloth: the SQLite store under `DATA_DIR`, the room engine, the HTTP app and the
 * WebSocket transport on one port.
 */
export async function startServer(
  config: ServerConfig,
  options: StartServerOptions = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  mkdirSync(config.dataDir, { recursive: true });
  const db = openDatabase(join(config.dataDir, DATABASE_FILE));
  const storageLogger = logger.child({ component: "storage" });
  // One named limit: the engine refuses writers at the quota, the store refuses the entries.
  const limits = { maxDocLogBytes: resolveSyncConfig(config.sync).maxDocHistoryBytes };
  let pgPool: pg.Pool | null = null;
  let leases: PgLeases | null = null;
  let router: ClusterRouter | null = null;
  let store: DocStore;
  try {
    if (config.databaseUrl) {
      pgPool = await openPgPool(
        { connectionString: config.databaseUrl, schema: config.databaseSchema ?? undefined },
        (error) => storageLogger.warn("postgres idle client error", { error: error.message }),
      );
      // Every instance on one database is in one cluster: each event has one owner instance
      // (a lease with a fencing token), which serves all its docs and routes; the others forward.
      const instanceId = randomBytes(8).toString("hex");
      leases = await PgLeases.open(pgPool, {
        instanceId,
        url: config.instanceUrl ?? "",
        ...(config.leaseTtlMs === undefined ? {} : { ttlMs: config.leaseTtlMs }),
        logger: storageLogger,
      });
      const held = leases;
      const fenced = await PgDocStore.fromPool(pgPool, {
        logger: storageLogger,
        limits,
        fencing: {
          instanceId,
          leaseOf: (docName) => {
            const eventId = eventKeyOfDoc(docName);
            return { eventId, fence: held.fenceOf(eventId) };
          },
        },
      });
      store = new LeasedDocStore(fenced, held);
      router = new ClusterRouter(held, logger.child({ component: "cluster" }));
      logger.info("storage ready", {
        backend: "postgres",
        schema: config.databaseSchema ?? null,
        instanceId,
      });
    } else {
      store = SqliteDocStore.fromDatabase(db, {
        logger: storageLogger,
        // WAL checkpoints fsync: keep them off the event loop every socket waits on.
        backgroundCheckpoints: true,
        limits,
      });
    }
  } catch (error) {
    await pgPool?.end();
    db.close();
    throw error;
  }
  const closeStorage = async (): Promise<void> => {
    router?.stop();
    await store.close();
    // After the final flush: peers may take this instance's events at once.
    await leases
      ?.release()
      .catch((error: unknown) => logger.error("lease release failed", { error }));
    await pgPool?.end();
    db.close();
  };
  const syncLogger = logger.child({ component: "sync" });
  const migrate = migrateBoardsOnLoad(syncLogger);
  // Filled from the extensions below, before the transport accepts anyone.
  const loadHooks: Array<NonNullable<ServerExtensions["onLoad"]>> = [];
  const syncServer = new SyncServer({
    store,
    config: config.sync,
    logger: syncLogger,
    onLoad: async (docName, doc) => {
      migrate(docName, doc);
      for (const hook of loadHooks) await hook(docName, doc);
    },
  });

  if (router !== null) {
    router.onLost = (keys) => {
      const closed = syncServer.evict((docName) => keys.has(eventKeyOfDoc(docName)));
      logger.warn("sent away the clients of events another instance took", { closed });
    };
  }

  const closers: Array<() => void | Promise<void>> = [];
  let docAccess: DocAccess = openDocAccess;
  let docAccessSet = false;
  const routes: ApiRoutes[] = [];
  const middleware: ApiMiddleware[] = [];
  try {
    for (const extension of options.extensions ?? []) {
      const added = await extension({ config, db, pgPool, store, syncServer, logger });
      if (added.docAccess) {
        if (docAccessSet) throw new Error("Two server extensions both provide docAccess.");
        docAccess = added.docAccess;
        docAccessSet = true;
      }
      if (added.onLoad) loadHooks.push(added.onLoad);
      routes.push(...(added.routes ?? []));
      middleware.push(...(added.middleware ?? []));
      if (added.close) closers.push(added.close);
    }
  } catch (error) {
    await syncServer.shutdown();
    await closeStorage();
    throw error;
  }
  if (!docAccessSet) {
    logger.warn("no access control: every doc is open to anyone who can reach this server");
  }

  let shuttingDown = false;
  const transport = new SyncTransport({
    syncServer,
    docAccess,
    logger: logger.child({ component: "transport" }),
    maxPayloadBytes: config.maxPayloadBytes,
    heartbeatMs: config.heartbeatMs,
    maxPendingUpgrades: config.maxPendingUpgrades,
    ...(router === null ? {} : { routeUpgrade: router.routeUpgrade }),
    socketLayer: config.socketLayer,
    allowOrigin: createOriginPolicy({
      allowedOrigins: config.allowedOrigins,
      publicOrigin: config.publicOrigin,
      allowLoopback: config.allowLoopbackOrigins,
    }),
  });
  const app = createApp({
    store,
    docAccess,
    logger: logger.child({ component: "http" }),
    collectMetrics: () => [
      ...collectSyncMetrics(syncServer.metrics, transport.metrics),
      ...collectProcessMetrics(),
      ...(router?.collectMetrics() ?? []),
    ],
    flush: () => syncServer.flush(),
    routes,
    middleware:
      router === null
        ? middleware
        : [{ path: "/api/*", handler: forwardToOwner(router) }, ...middleware],
    metricsToken: config.metricsToken,
    clientDistDir: config.clientDistDir,
    isShuttingDown: () => shuttingDown,
    persistenceTrouble: () => syncServer.persistenceTrouble(),
  });
  const httpServer = createAdaptorServer({
    fetch: app.fetch,
    serverOptions: { connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS },
  }) as Server;
  guardConnections(httpServer, config);
  transport.attach(httpServer);

  let address: AddressInfo;
  try {
    address = await listen(httpServer, config.port, config.host, config.listenBacklog);
  } catch (error) {
    await transport.close();
    await syncServer.shutdown();
    await closeStorage();
    throw error;
  }
  const url = formatUrl(config.host, address.port);
  if (leases !== null && config.instanceUrl == null) await leases.setUrl(url);

  let closing: Promise<void> | null = null;
  const shutdown = async (): Promise<void> => {
    shuttingDown = true;
    const started = Date.now();
    logger.info("shutting down", { openSockets: transport.metrics.openSockets });
    transport.stopAccepting();
    const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
    httpServer.closeIdleConnections();
    // Closes every client with GoingAway, waits for in-flight loads and flushes every doc.
    await syncServer.shutdown();
    await transport.close();
    for (const close of closers.reverse()) {
      try {
        await close();
      } catch (error) {
        logger.error("extension close failed", { error });
      }
    }
    await closeStorage();
    httpServer.closeAllConnections();
    await httpClosed;
    logger.info("shut down", { ms: Date.now() - started });
  };

  return {
    url,
    port: address.port,
    syncServer,
    store,
    transport,
    close: () => {
      closing ??= shutdown();
      return closing;
    },
  };
}

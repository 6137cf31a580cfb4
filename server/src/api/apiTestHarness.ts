import { openDatabase, SqliteDocStore } from "@tablecloth/storage";
import { SyncServer } from "@tablecloth/sync";
import type { Database } from "better-sqlite3";
import { Hono } from "hono";
import * as Y from "yjs";
import { MembershipCache } from "../auth/MembershipCache";
import { TokenService } from "../auth/TokenService";
import { createEventService, type EventService } from "../EventService";
import { openEventStore } from "../events/openEventStore";
import type { SqliteEventStore } from "../events/SqliteEventStore";
import { createLogger } from "../logger";
import { type ApiConfig, apiDefaults } from "./apiConfig";
import { createApiRoutes } from "./createApiRoutes";

/** Test-only: the events API over real SQLite (in memory) and a real room engine. */
export interface ApiHarness {
  app: Hono;
  db: Database;
  docStore: SqliteDocStore;
  eventStore: SqliteEventStore;
  syncServer: SyncServer;
  /** The harness's one `EventService`, for route modules mounted beside the events API. */
  events: EventService;
  membership: MembershipCache;
  tokens: TokenService;
  /** Every log line written so far. */
  logLines: string[];
  /** Every token the API handed out, to check none reached the log. */
  issuedTokens: string[];
  clock: { now: number };
  request(
    path: string,
    init?: RequestInit & { json?: unknown; token?: string; ip?: string },
  ): Promise<Response>;
  /** Reads a doc's live state through the room engine. */
  readDoc(docName: string): Promise<Y.Doc>;
  close(): Promise<void>;
}

export async function createApiHarness(overrides: Partial<ApiConfig> = {}): Promise<ApiHarness> {
  const logLines: string[] = [];
  const logger = createLogger({ level: "debug", write: (line) => logLines.push(line) });
  const db = openDatabase(":memory:");
  const store = SqliteDocStore.fromDatabase(db, { logger });
  const syncServer = new SyncServer({ store, logger });
  const eventStore = openEventStore(db, logger);
  const clock = { now: 1_700_000_000_000 };
  const now = () => clock.now;
  const config: ApiConfig = { ...apiDefaults, ...overrides };
  const tokens = new TokenService(new TextEncoder().encode("t".repeat(40)), {
    lifetimeMs: config.tokenLifetimeMs,
    now,
  });
  const membership = new MembershipCache(eventStore, { maxEntries: 1000 });
  const events = createEventService({
    store: eventStore,
    tokens,
    membership,
    sync: syncServer,
    logger,
    config,
    now,
  });
  const routes = createApiRoutes({
    events,
    eventStore,
    tokens,
    membership,
    sync: syncServer,
    logger,
    config,
    deviceCookieKey: new TextEncoder().encode("d".repeat(32)),
    now,
  });
  const app = new Hono().route("/api", routes);
  const issuedTokens: string[] = [];

  const request: ApiHarness["request"] = async (path, init = {}) => {
    const { json, token, ip, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (token !== undefined) headers.set("Authorization", `Bearer ${token}`);
    let body = rest.body;
    if (json !== undefined) {
      headers.set("Content-Type", "application/json");
      body = JSON.stringify(json);
    }
    const response = await app.request(
      path,
      { ...rest, headers, body },
      { incoming: { socket: { remoteAddress: ip ?? "192.0.2.1" } } },
    );
    if (response.headers.get("Content-Type")?.includes("json")) {
      const copy = (await response.clone().json()) as Record<string, unknown>;
      for (const key of ["token", "facilitatorToken"]) {
        const value = copy[key];
        if (typeof value === "string") issuedTokens.push(value);
      }
    }
    return response;
  };

  const readDoc = async (docName: string): Promise<Y.Doc> => {
    const copy = new Y.Doc();
    await syncServer.transact(docName, "test-reader", (doc) => {
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    });
    return copy;
  };

  return {
    app,
    db,
    docStore: store,
    eventStore,
    syncServer,
    events,
    membership,
    tokens,
    logLines,
    issuedTokens,
    clock,
    request,
    readDoc,
    close: async () => {
      await syncServer.shutdown();
      await store.close();
      db.close();
    },
  };
}

/** Creates an event and returns the facilitator's token and the event's ids. */
export async function createEvent(
  h: ApiHarness,
  body: Record<string, unknown> = { title: "Neighbourhood café", format: "world-cafe" },
): Promise<{
  eventId: string;
  joinCode: string;
  controlDocName: string;
  token: string;
  participantId: string;
}> {
  const response = await h.request("/api/events", { method: "POST", json: body });
  if (response.status !== 201)
    throw new Error(`create event: ${response.status} ${await response.text()}`);
  const data = (await response.json()) as {
    event: { id: string; joinCode: string; controlDocName: string };
    facilitatorToken: string;
    participant: { id: string };
  };
  return {
    eventId: data.event.id,
    joinCode: data.event.joinCode,
    controlDocName: data.event.controlDocName,
    token: data.facilitatorToken,
    participantId: data.participant.id,
  };
}

/** Joins an event and returns the token and participant id. */
export async function join(
  h: ApiHarness,
  code: string,
  name: string,
  role?: "participant" | "observer",
): Promise<{ token: string; participantId: string }> {
  const response = await h.request("/api/join", {
    method: "POST",
    json: role ? { code, name, role } : { code, name },
  });
  if (response.status !== 201) throw new Error(`join: ${response.status} ${await response.text()}`);
  const data = (await response.json()) as { token: string; participant: { id: string } };
  return { token: data.token, participantId: data.participant.id };
}

/** True when no issued token appears anywhere in the captured log. */
export function logHasNoToken(h: ApiHarness): boolean {
  const log = h.logLines.join("\n");
  return h.issuedTokens.every(
    (token) => !log.includes(token) && !log.includes(token.split(".")[2] ?? token),
  );
}

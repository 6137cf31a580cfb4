import type { CafeTable } from "@tablecloth/protocol";
import {
  getRecordsMap,
  recordToYMap,
  noteRecord as tldrawNote,
} from "@tablecloth/tldraw-yjs/server";
import type { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import { loadConfig } from "../config";
import { createLogger, isLogLevel } from "../logger";
import { type RunningServer, startServer } from "../TableclothServer";
import { tableclothExtensions } from "../tableclothExtensions";
import { connectSynced } from "./connectProvider";
import { NO_RENDER_WARM_UP } from "./noRenderWarmUp";

export interface Person {
  id: string;
  name: string;
  token: string;
}

export interface ApiAnswer<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** The shipped server (every extension, as `main` wires them) on a free port. */
export interface ProductServer {
  server: RunningServer;
  api<T>(
    path: string,
    init?: { method?: string; token?: string; json?: unknown },
  ): Promise<ApiAnswer<T>>;
  /** The raw response, for binary answers (zips, states). */
  fetch(path: string, token?: string): Promise<Response>;
}

export async function startProductServer(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ProductServer> {
  const { config } = loadConfig(
    { PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, TABLECLOTH_UNLOAD_GRACE_MS: "0", ...env },
    [],
  );
  const level = process.env.TEST_LOG_LEVEL ?? "error";
  const logger = createLogger({ level: isLogLevel(level) ? level : "error", base: { test: true } });
  const server = await startServer(config, {
    logger,
    extensions: tableclothExtensions(config, { ...NO_RENDER_WARM_UP, ...env }),
  });
  const fetchPath: ProductServer["fetch"] = (path, token) =>
    fetch(`${server.url}${path}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  return {
    server,
    fetch: fetchPath,
    api: async (path, init = {}) => {
      const headers: Record<string, string> = {};
      if (init.token !== undefined) headers.Authorization = `Bearer ${init.token}`;
      if (init.json !== undefined) headers["Content-Type"] = "application/json";
      const response = await fetch(`${server.url}${path}`, {
        method: init.method ?? "GET",
        headers,
        ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
      });
      const text = await response.text();
      const body = text.startsWith("{") ? JSON.parse(text) : text;
      return { status: response.status, headers: response.headers, body };
    },
  };
}

async function ok<T>(answer: Promise<ApiAnswer<T>>, what: string): Promise<T> {
  const { status, body } = await answer;
  if (status >= 300) throw new Error(`${what}: HTTP ${status} ${JSON.stringify(body)}`);
  return body;
}

export interface TestCafe {
  eventId: string;
  joinCode: string;
  facilitator: Person;
  tables: CafeTable[];
}

/** A World Café set up through the API with `tables` tables, as a facilitator would. */
export async function createTestCafe(
  t: ProductServer,
  tables: number,
  facilitatorName = "Fran Facilitator",
): Promise<TestCafe> {
  const created = await ok(
    t.api<{
      event: { id: string; joinCode: string };
      participant: { id: string };
      facilitatorToken: string;
    }>("/api/events", {
      method: "POST",
      json: { title: "Harvest café", format: "world-cafe", facilitatorName },
    }),
    "create event",
  );
  const facilitator = {
    id: created.participant.id,
    name: facilitatorName,
    token: created.facilitatorToken,
  };
  const setup = await ok(
    t.api<{ tables: CafeTable[] }>(`/api/events/${created.event.id}/cafe/setup`, {
      method: "PUT",
      token: facilitator.token,
      json: {
        questions: ["What matters to you?"],
        rounds: 3,
        roundMs: 600_000,
        makeTables: { count: tables, people: tables * 4 },
      },
    }),
    "set up café",
  );
  return {
    eventId: created.event.id,
    joinCode: created.event.joinCode,
    facilitator,
    tables: setup.tables,
  };
}

export async function joinCafe(t: ProductServer, cafe: TestCafe, name: string): Promise<Person> {
  const joined = await ok(
    t.api<{ participant: { id: string }; token: string }>("/api/join", {
      method: "POST",
      json: { code: cafe.joinCode, name },
    }),
    `join ${name}`,
  );
  const person = { id: joined.participant.id, name, token: joined.token };
  await ok(
    t.api(`/api/events/${cafe.eventId}/cafe/presence`, {
      method: "POST",
      token: person.token,
      json: { presence: "in-room" },
    }),
    "presence",
  );
  return person;
}

export async function seat(t: ProductServer, cafe: TestCafe, person: Person, tableId: string) {
  await ok(
    t.api(`/api/events/${cafe.eventId}/cafe/seat`, {
      method: "POST",
      token: cafe.facilitator.token,
      json: { participantId: person.id, tableId },
    }),
    "seat",
  );
}

export async function roundAction(t: ProductServer, cafe: TestCafe, action: "start" | "end") {
  await ok(
    t.api(`/api/events/${cafe.eventId}/cafe/round`, {
      method: "POST",
      token: cafe.facilitator.token,
      json: { action },
    }),
    `round ${action}`,
  );
}

/** Plans and applies a rotation (no round started), so the ended round's seating is recorded. */
export async function rotate(t: ProductServer, cafe: TestCafe, seed: number) {
  const { plan } = await ok(
    t.api<{
      plan: { base: Record<string, string | null>; seating: Record<string, string | null> };
    }>(`/api/events/${cafe.eventId}/cafe/rotation/plan`, {
      method: "POST",
      token: cafe.facilitator.token,
      json: { seed, moves: [] },
    }),
    "plan",
  );
  await ok(
    t.api(`/api/events/${cafe.eventId}/cafe/rotation/apply`, {
      method: "POST",
      token: cafe.facilitator.token,
      json: { base: plan.base, seating: plan.seating, startRound: false },
    }),
    "apply",
  );
}

/** A tldraw note (a sticky), schema-valid, as the tldraw-yjs binding stores it. */
export function noteRecord(id: string, text: string, x = 0, y = 0) {
  return tldrawNote({ id: `shape:${id}`, text, x, y });
}

/** Writes records into a board through a stock provider, as a browser's binding would. */
export function putRecords(doc: Y.Doc, records: readonly { id: string }[]): void {
  doc.transact(() => {
    for (const record of records) getRecordsMap(doc).set(record.id, recordToYMap(record));
  });
}

/** A stock y-websocket client on a board with `person`'s token. */
export function openBoard(
  t: ProductServer,
  docName: string,
  person: Person,
): Promise<WebsocketProvider> {
  return connectSynced(t.server.url, docName, { token: person.token });
}

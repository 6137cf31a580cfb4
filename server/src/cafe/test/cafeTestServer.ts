import { type RoundSeating, readPastRounds } from "@tablecloth/cafe";
import type { CafeTable } from "@tablecloth/protocol";
import { afterAll, beforeAll, expect } from "vitest";
import { apiDefaults } from "../../api/apiConfig";
import { createEventsExtension } from "../../api/createEventsExtension";
import { cafeRoundsDocName } from "../../events/ids";
import type { RunningServer } from "../../TableclothServer";
import { createProvider, waitForFinalClose } from "../../test/connectProvider";
import { makeTempDir, removeDir, startTestServer } from "../../test/testServer";
import { createCafeRoutes } from "../createCafeRoutes";

/** Someone who joined an event: their participant id and bearer token. */
export interface Person {
  id: string;
  token: string;
}

/** A café event as its facilitator created it. */
export interface CreatedCafe {
  eventId: string;
  controlDocName: string;
  facilitator: Person;
  joinCode: string;
}

/** The real server with the events extension and the café routes, on a free port. */
export interface CafeTestServer {
  readonly server: RunningServer;
  api<T>(
    path: string,
    init?: { method?: string; token?: string; json?: unknown },
  ): Promise<{ status: number; body: T }>;
  createCafe(): Promise<CreatedCafe>;
  /** A café whose facilitator set it up with two tables; `api` is its café API path. */
  createCafeWithTwoTables(setup: {
    rounds: number;
    roundMs: number;
    people: number;
    questions?: string[];
  }): Promise<CreatedCafe & { api: string; f: string; t1: CafeTable; t2: CafeTable }>;
  join(code: string, name: string): Promise<Person>;
  /** The past rounds in the event's server-only rounds doc, read on the server. */
  recordedRounds(eventId: string): Promise<readonly RoundSeating[]>;
  /** The close code a socket to `docName` with `token` finally gets. */
  finalCloseOf(docName: string, token: string): Promise<number>;
}

/**
 * Starts the server before the file's tests and stops it after them; the returned object works
 * once `beforeAll` ran.
 */
export function useCafeTestServer(): CafeTestServer {
  let running: RunningServer | null = null;
  let dataDir = "";
  beforeAll(async () => {
    dataDir = await makeTempDir();
    const events = createEventsExtension({
      env: {},
      config: apiDefaults,
      routes: (s) => [createCafeRoutes({ ...s, sync: s.syncServer })],
    });
    running = await startTestServer({ dataDir, extensions: [events] });
  });
  afterAll(async () => {
    await running?.close();
    await removeDir(dataDir);
  });

  const t: CafeTestServer = {
    get server(): RunningServer {
      if (running === null) throw new Error("the café test server is not running");
      return running;
    },
    api: async (path, init = {}) => {
      const headers: Record<string, string> = {};
      if (init.token !== undefined) headers.Authorization = `Bearer ${init.token}`;
      if (init.json !== undefined) headers["Content-Type"] = "application/json";
      const response = await fetch(`${t.server.url}${path}`, {
        method: init.method ?? "GET",
        headers,
        ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
      });
      const text = await response.text();
      return { status: response.status, body: text.startsWith("{") ? JSON.parse(text) : text };
    },
    createCafe: async () => {
      const created = await t.api<{
        event: { id: string; joinCode: string };
        controlDocName: string;
        participant: { id: string };
        facilitatorToken: string;
      }>("/api/events", { method: "POST", json: { title: "Café", format: "world-cafe" } });
      expect(created.status).toBe(201);
      return {
        eventId: created.body.event.id,
        controlDocName: created.body.controlDocName,
        joinCode: created.body.event.joinCode,
        facilitator: { id: created.body.participant.id, token: created.body.facilitatorToken },
      };
    },
    createCafeWithTwoTables: async (setup) => {
      const cafe = await t.createCafe();
      const api = `/api/events/${cafe.eventId}/cafe`;
      const f = cafe.facilitator.token;
      const { people, ...settings } = setup;
      const response = await t.api<{ tables: CafeTable[] }>(`${api}/setup`, {
        method: "PUT",
        token: f,
        json: { ...settings, makeTables: { count: 2, people } },
      });
      expect(response.status).toBe(200);
      const [t1, t2] = response.body.tables as [CafeTable, CafeTable];
      return { ...cafe, api, f, t1, t2 };
    },
    join: async (code, name) => {
      const joined = await t.api<{ participant: { id: string }; token: string }>("/api/join", {
        method: "POST",
        json: { code, name },
      });
      expect(joined.status).toBe(201);
      return { id: joined.body.participant.id, token: joined.body.token };
    },
    recordedRounds: async (eventId) => {
      let rounds: readonly RoundSeating[] = [];
      await t.server.syncServer.transact(cafeRoundsDocName(eventId), "test", (doc) => {
        rounds = readPastRounds(doc).rounds;
      });
      return rounds;
    },
    finalCloseOf: async (docName, token) => {
      const provider = createProvider(t.server.url, docName, { token });
      try {
        return await waitForFinalClose(provider);
      } finally {
        provider.destroy();
      }
    },
  };
  return t;
}

/** `base` without the people who had no table: what a round's record holds. */
export function seatedOnly(
  seating: Readonly<Record<string, string | null>>,
): Record<string, string> {
  const seated: Record<string, string> = {};
  for (const [id, tableId] of Object.entries(seating)) if (tableId !== null) seated[id] = tableId;
  return seated;
}

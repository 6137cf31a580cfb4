import {
  CAFE_KEYS,
  CAFE_MAPS,
  type RoundSeating,
  readCafe,
  readPastRounds,
} from "@tablecloth/cafe";
import { type CafePlan, type CafeTable, CloseCode } from "@tablecloth/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { apiDefaults } from "../api/apiConfig";
import { createEventsExtension } from "../api/createEventsExtension";
import { cafeRoundsDocName } from "../events/ids";
import type { RunningServer } from "../TableclothServer";
import { connectSynced, createProvider, waitForFinalClose } from "../test/connectProvider";
import { makeTempDir, removeDir, startTestServer } from "../test/testServer";
import { waitForDoc } from "../test/waitFor";
import { createCafeRoutes } from "./createCafeRoutes";
import { readTimeline } from "./roundTimeline";

interface Person {
  id: string;
  token: string;
}

/** The real server with the events extension and the café routes, on a free port. */
interface CafeTestServer {
  server: RunningServer;
  api<T>(
    path: string,
    init?: { method?: string; token?: string; json?: unknown },
  ): Promise<{ status: number; body: T }>;
}

let t: CafeTestServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await makeTempDir();
  const events = createEventsExtension({
    env: {},
    config: apiDefaults,
    routes: (s) => [createCafeRoutes({ ...s, sync: s.syncServer })],
  });
  const server = await startTestServer({ dataDir, extensions: [events] });
  t = {
    server,
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
      return { status: response.status, body: text.startsWith("{") ? JSON.parse(text) : text };
    },
  };
});

afterAll(async () => {
  await t.server.close();
  await removeDir(dataDir);
});

async function createCafe(): Promise<{
  eventId: string;
  controlDocName: string;
  facilitator: Person;
  joinCode: string;
}> {
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
}

/** A café whose facilitator set it up with two tables; `api` is its café API path. */
async function createCafeWithTwoTables(setup: {
  rounds: number;
  roundMs: number;
  people: number;
  questions?: string[];
}): Promise<
  Awaited<ReturnType<typeof createCafe>> & { api: string; f: string; t1: CafeTable; t2: CafeTable }
> {
  const cafe = await createCafe();
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
}

async function join(code: string, name: string): Promise<Person> {
  const joined = await t.api<{ participant: { id: string }; token: string }>("/api/join", {
    method: "POST",
    json: { code, name },
  });
  expect(joined.status).toBe(201);
  return { id: joined.body.participant.id, token: joined.body.token };
}

/** The past rounds in the event's server-only rounds doc, read on the server. */
async function recordedRounds(eventId: string): Promise<readonly RoundSeating[]> {
  let rounds: readonly RoundSeating[] = [];
  await t.server.syncServer.transact(cafeRoundsDocName(eventId), "test", (doc) => {
    rounds = readPastRounds(doc).rounds;
  });
  return rounds;
}

/** The close code a socket to `docName` with `token` finally gets. */
async function finalCloseOf(docName: string, token: string): Promise<number> {
  const provider = createProvider(t.server.url, docName, { token });
  try {
    return await waitForFinalClose(provider);
  } finally {
    provider.destroy();
  }
}

/** `base` without the people who had no table: what a round's record holds. */
function seatedOnly(seating: Readonly<Record<string, string | null>>): Record<string, string> {
  const seated: Record<string, string> = {};
  for (const [id, tableId] of Object.entries(seating)) if (tableId !== null) seated[id] = tableId;
  return seated;
}

describe("café API", () => {
  it("gives the server clock to anyone", async () => {
    const before = Date.now();
    const answer = await t.api<{ now: number }>("/api/time");
    expect(answer.status).toBe(200);
    expect(answer.body.now).toBeGreaterThanOrEqual(before);
    expect(answer.body.now).toBeLessThanOrEqual(Date.now());
  });

  it("lets only facilitators set up, names the wrong field, makes N tables for M people", async () => {
    const cafe = await createCafe();
    const ana = await join(cafe.joinCode, "Ana");
    const setupPath = `/api/events/${cafe.eventId}/cafe/setup`;
    const body = { questions: ["What matters?"], rounds: 3, roundMs: 1_200_000 };

    expect((await t.api(setupPath, { method: "PUT", json: body })).status).toBe(401);
    expect((await t.api(setupPath, { method: "PUT", json: body, token: ana.token })).status).toBe(
      403,
    );
    const bad = await t.api<{ error: { field?: string } }>(setupPath, {
      method: "PUT",
      token: cafe.facilitator.token,
      json: { ...body, rounds: 0 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("rounds");

    const made = await t.api<{ tables: CafeTable[] }>(setupPath, {
      method: "PUT",
      token: cafe.facilitator.token,
      json: { ...body, makeTables: { count: 3, people: 14 } },
    });
    expect(made.status).toBe(200);
    expect(made.body.tables.map((x) => x.title)).toEqual(["Table 1", "Table 2", "Table 3"]);
    expect(made.body.tables.every((x) => x.capacity === 5 && x.question === "What matters?")).toBe(
      true,
    );
    // Asking again for 3 tables adds none; the boards are real boards of the event.
    const again = await t.api<{ tables: CafeTable[] }>(setupPath, {
      method: "PUT",
      token: cafe.facilitator.token,
      json: { ...body, makeTables: { count: 3, people: 14 } },
    });
    expect(again.body.tables.map((x) => x.id)).toEqual(made.body.tables.map((x) => x.id));
    const details = await t.api<{ boards: Array<{ id: string; kind: string; docName: string }> }>(
      `/api/events/${cafe.eventId}`,
      { token: ana.token },
    );
    expect(details.body.boards.filter((b) => b.kind === "table").map((b) => b.docName)).toEqual(
      made.body.tables.map((x) => x.docName),
    );
  });

  it("seats, rotates with hosts staying, and participants' docs follow", async () => {
    const { api, f, t1, t2, ...cafe } = await createCafeWithTwoTables({
      questions: [],
      rounds: 3,
      roundMs: 600_000,
      people: 8,
    });
    const people: Person[] = [];
    for (const name of ["Maria", "Ben", "Chen", "Dev", "Eli", "Fay"]) {
      people.push(await join(cafe.joinCode, name));
    }
    const [maria, ben] = people as [Person, Person];
    for (const [i, p] of people.entries()) {
      const answer = await t.api(`${api}/presence`, {
        method: "POST",
        token: p.token,
        json: { presence: i % 2 === 0 ? "in-room" : "remote" },
      });
      expect(answer.status).toBe(200);
    }
    // Maria volunteers for table 1; Ben is made host of table 2 by the facilitator.
    expect(
      (await t.api(`${api}/tables/${t1.id}/volunteer`, { method: "POST", token: maria.token }))
        .status,
    ).toBe(200);
    expect(
      (await t.api(`${api}/tables/${t1.id}/volunteer`, { method: "POST", token: ben.token }))
        .status,
    ).toBe(409);
    const hosted = await t.api<{ table: CafeTable }>(`${api}/tables/${t2.id}`, {
      method: "PATCH",
      token: f,
      json: { hostId: ben.id, question: "What next?" },
    });
    expect(hosted.body.table).toMatchObject({ hostId: ben.id, question: "What next?" });

    // A participant watches the control doc read-only, as the café page does.
    const watcher = await connectSynced(t.server.url, cafe.controlDocName, {
      token: people[2]!.token,
    });
    try {
      // Seat everyone (first plan), then start round 1. A plan only reads: no doc is written.
      const writesBefore = t.server.syncServer.metrics.serverWrites;
      const first = await t.api<{ plan: CafePlan }>(`${api}/rotation/plan`, {
        method: "POST",
        token: f,
        json: { seed: 7 },
      });
      expect(first.status).toBe(200);
      expect(t.server.syncServer.metrics.serverWrites).toBe(writesBefore);
      expect(first.body.plan.stats.unseated).toEqual([]);
      const seated = await t.api(`${api}/rotation/apply`, {
        method: "POST",
        token: f,
        json: { base: first.body.plan.base, seating: first.body.plan.seating, startRound: false },
      });
      expect(seated.status).toBe(200);
      const started = await t.api<{ round: { phase: string; round: number } }>(`${api}/round`, {
        method: "POST",
        token: f,
        json: { action: "start" },
      });
      expect(started.body.round).toMatchObject({ phase: "running", round: 1 });
      await waitForDoc(watcher.doc, (doc) => readCafe(doc).round.phase === "running", "round 1");
      const round1 = readCafe(watcher.doc);
      expect(round1.seating[maria.id]?.tableId).toBe(t1.id);
      expect(round1.seating[ben.id]?.tableId).toBe(t2.id);
      expect(round1.seating[people[1]!.id]?.presence).toBe("remote");

      // A participant cannot rotate; a stale plan is refused.
      const plan = await t.api<{ plan: CafePlan }>(`${api}/rotation/plan`, {
        method: "POST",
        token: f,
        json: {},
      });
      expect(
        (await t.api(`${api}/rotation/plan`, { method: "POST", token: ben.token, json: {} }))
          .status,
      ).toBe(403);
      const stale = await t.api(`${api}/rotation/apply`, {
        method: "POST",
        token: f,
        json: { base: first.body.plan.base, seating: plan.body.plan.seating },
      });
      expect(stale.status).toBe(409);

      // Moving a host by hand in the preview is refused with the reason.
      const dragHost = await t.api<{ error: { code: string } }>(`${api}/rotation/plan`, {
        method: "POST",
        token: f,
        json: { seed: plan.body.plan.seed, moves: [{ participantId: maria.id, tableId: t2.id }] },
      });
      expect(dragHost.status).toBe(409);
      // Dragging a traveller by hand changes the preview (and its figures), nothing else.
      const traveller = people[2]!.id;
      const elsewhere = plan.body.plan.seating[traveller] === t1.id ? t2.id : t1.id;
      const dragged = await t.api<{ plan: CafePlan }>(`${api}/rotation/plan`, {
        method: "POST",
        token: f,
        json: {
          seed: plan.body.plan.seed,
          moves: [{ participantId: traveller, tableId: elsewhere }],
        },
      });
      expect(dragged.status).toBe(200);
      expect(dragged.body.plan.seating[traveller]).toBe(elsewhere);
      expect(dragged.body.plan.stats.sizes[elsewhere]).toBe(
        (plan.body.plan.stats.sizes[elsewhere] ?? 0) + 1,
      );

      const applied = await t.api<{ round: number; moved: number }>(`${api}/rotation/apply`, {
        method: "POST",
        token: f,
        json: { base: plan.body.plan.base, seating: plan.body.plan.seating },
      });
      expect(applied.status).toBe(200);
      expect(applied.body).toEqual({ round: 2, moved: 4 });
      await waitForDoc(
        watcher.doc,
        (doc) => {
          const r = readCafe(doc).round;
          return r.phase === "running" && r.round === 2;
        },
        "round 2 on the participant's doc",
      );
      const round2 = readCafe(watcher.doc);
      expect(round2.seating[maria.id]?.tableId).toBe(t1.id);
      expect(round2.seating[ben.id]?.tableId).toBe(t2.id);
      for (const p of people.slice(2)) {
        expect(round2.seating[p.id]?.tableId).not.toBe(round1.seating[p.id]?.tableId);
      }
      // Past rounds are in the server-only rounds doc, not sent to participants.
      expect(round2.history).toEqual([]);
      expect(watcher.doc.getMap(CAFE_MAPS.history).size).toBe(0);
      expect(await recordedRounds(cafe.eventId)).toEqual([
        { round: 0, seating: seatedOnly(first.body.plan.base) },
        { round: 1, seating: seatedOnly(plan.body.plan.base) },
      ]);
      // Seats are compact: a slot per person, presence on its own.
      const rawSeats = watcher.doc.getMap<unknown>(CAFE_MAPS.seating);
      for (const p of people) expect(typeof rawSeats.get(p.id)).toBe("number");
      expect(watcher.doc.getMap<unknown>(CAFE_MAPS.presence).get(people[1]!.id)).toBe("remote");
      expect(round2.seating[people[1]!.id]?.presence).toBe("remote");
      expect(round2.problems).toEqual([]);
      const timeline = readTimeline(watcher.doc);
      expect(timeline.map((e) => e.round)).toEqual([1, 2]);
      expect(timeline[0]!.endedAt).not.toBeNull();
      expect(timeline[1]).toMatchObject({ endedAt: null, startedAt: timeline[0]!.endedAt });

      // The participant cannot write the control doc themselves: their write is dropped.
      watcher.doc.getMap("cafe.settings").set("freeMovement", true);
      const movement = await t.api(`${api}/move`, {
        method: "POST",
        token: people[2]!.token,
        json: { tableId: t1.id },
      });
      expect(movement.status).toBe(403);
    } finally {
      watcher.destroy();
    }
  });

  it("runs the round clock: pause, resume, extend, end; refuses what the state does not allow", async () => {
    const cafe = await createCafe();
    const api = `/api/events/${cafe.eventId}/cafe`;
    const f = cafe.facilitator.token;
    await t.api(`${api}/setup`, { method: "PUT", token: f, json: { rounds: 2, roundMs: 120_000 } });
    const round = (action: string, extra: Record<string, number> = {}) =>
      t.api<{ round: Record<string, number | string>; serverNow: number }>(`${api}/round`, {
        method: "POST",
        token: f,
        json: { action, ...extra },
      });
    expect((await round("pause")).status).toBe(409);
    const started = await round("start");
    expect(started.body.round).toMatchObject({ phase: "running", round: 1, durationMs: 120_000 });
    expect(started.body.round.startedAt).toBe(started.body.serverNow);
    expect((await round("start")).status).toBe(409);
    const paused = await round("pause");
    expect(paused.body.round.phase).toBe("paused");
    expect(paused.body.round.remainingMs as number).toBeLessThanOrEqual(120_000);
    const extended = await round("extend", { extendMs: 60_000 });
    expect(extended.body.round.remainingMs).toBe(
      (paused.body.round.remainingMs as number) + 60_000,
    );
    const resumed = await round("resume");
    expect(resumed.body.round).toMatchObject({ phase: "running", round: 1 });
    expect(resumed.body.round.durationMs).toBe(extended.body.round.remainingMs);
    expect((await round("end")).body.round).toEqual({ phase: "ended", round: 1 });
    expect((await round("start")).body.round).toMatchObject({ phase: "running", round: 2 });
    const badAction = await t.api<{ error: { field?: string } }>(`${api}/round`, {
      method: "POST",
      token: f,
      json: { action: "jump" },
    });
    expect(badAction.status).toBe(400);
    expect(badAction.body.error.field).toBe("action");
  });

  it("lets participants move themselves only when movement is free, and hosts stay", async () => {
    const { api, f, t1, t2, ...cafe } = await createCafeWithTwoTables({
      rounds: 1,
      roundMs: 60_000,
      people: 4,
    });
    const [host, ada, bo] = [
      await join(cafe.joinCode, "Host"),
      await join(cafe.joinCode, "Ada"),
      await join(cafe.joinCode, "Bo"),
    ];
    for (const p of [host, ada, bo]) {
      await t.api(`${api}/presence`, {
        method: "POST",
        token: p.token,
        json: { presence: "remote" },
      });
    }
    const move = (p: Person, tableId: string) =>
      t.api<{ seat: { tableId: string } }>(`${api}/move`, {
        method: "POST",
        token: p.token,
        json: { tableId },
      });

    expect((await move(ada, t1.id)).status).toBe(403);
    expect(
      (await t.api(`${api}/movement`, { method: "PUT", token: ada.token, json: { free: true } }))
        .status,
    ).toBe(403);
    expect(
      (await t.api(`${api}/movement`, { method: "PUT", token: f, json: { free: true } })).status,
    ).toBe(200);
    expect((await move(ada, t1.id)).body.seat.tableId).toBe(t1.id);
    expect((await move(bo, t1.id)).status).toBe(200);
    // Capacity 2 each: table 1 is full.
    expect((await move(host, t1.id)).status).toBe(409);
    expect((await move(host, t2.id)).status).toBe(200);
    await t.api(`${api}/tables/${t2.id}`, { method: "PATCH", token: f, json: { hostId: host.id } });
    expect((await move(host, t1.id)).status).toBe(409);
    const unknown = await t.api<{ error: { field?: string } }>(`${api}/move`, {
      method: "POST",
      token: ada.token,
      json: { tableId: "nope" },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe("tableId");
    // The facilitator can seat anyone (not move a host away).
    expect(
      (
        await t.api(`${api}/seat`, {
          method: "POST",
          token: f,
          json: { participantId: bo.id, tableId: t2.id },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await t.api(`${api}/seat`, {
          method: "POST",
          token: f,
          json: { participantId: host.id, tableId: t1.id },
        })
      ).status,
    ).toBe(409);
    // A harvest board is made once.
    const h1 = await t.api<{ boardId: string }>(`${api}/harvest`, { method: "POST", token: f });
    const h2 = await t.api<{ boardId: string }>(`${api}/harvest`, { method: "POST", token: f });
    expect(h1.status).toBe(200);
    expect(h2.body.boardId).toBe(h1.body.boardId);
  });

  it("keeps the rounds doc from every client: participants' and facilitators' sockets are refused", async () => {
    const { api, f, ...cafe } = await createCafeWithTwoTables({
      rounds: 2,
      roundMs: 60_000,
      people: 4,
    });
    const ana = await join(cafe.joinCode, "Ana");
    await t.api(`${api}/presence`, {
      method: "POST",
      token: ana.token,
      json: { presence: "remote" },
    });
    const plan = await t.api<{ plan: CafePlan }>(`${api}/rotation/plan`, {
      method: "POST",
      token: f,
      json: { seed: 1 },
    });
    const applied = await t.api(`${api}/rotation/apply`, {
      method: "POST",
      token: f,
      json: { base: plan.body.plan.base, seating: plan.body.plan.seating },
    });
    expect(applied.status).toBe(200);
    // The doc exists and holds a round, yet nobody outside the server can open it.
    expect((await recordedRounds(cafe.eventId)).map((r) => r.round)).toEqual([0]);
    const roundsDoc = cafeRoundsDocName(cafe.eventId);
    expect(await finalCloseOf(roundsDoc, ana.token)).toBe(CloseCode.DocNotFound);
    expect(await finalCloseOf(roundsDoc, f)).toBe(CloseCode.DocNotFound);
    // The same tokens open the control doc, so the refusal is about the doc, not the caller.
    const control = await connectSynced(t.server.url, cafe.controlDocName, { token: ana.token });
    control.destroy();
  });

  it("plans from an older control doc: object seats, no slots, past rounds in cafe.history", async () => {
    const { api, f, t1, t2, ...cafe } = await createCafeWithTwoTables({
      rounds: 3,
      roundMs: 60_000,
      people: 6,
    });
    const people: Person[] = [];
    for (const name of ["A", "B", "a1", "a2", "b1", "b2"])
      people.push(await join(cafe.joinCode, name));
    const [hostA, hostB, a1, a2, b1, b2] = people as [
      Person,
      Person,
      Person,
      Person,
      Person,
      Person,
    ];
    await t.api(`${api}/tables/${t1.id}`, {
      method: "PATCH",
      token: f,
      json: { hostId: hostA.id },
    });
    await t.api(`${api}/tables/${t2.id}`, {
      method: "PATCH",
      token: f,
      json: { hostId: hostB.id },
    });

    // Rewrite the control doc as an older version left it: object seats, no slots, and a past
    // round in which all six sat together.
    const legacySeats: Record<string, string> = {
      [hostA.id]: t1.id,
      [a1.id]: t1.id,
      [a2.id]: t1.id,
      [hostB.id]: t2.id,
      [b1.id]: t2.id,
      [b2.id]: t2.id,
    };
    await t.server.syncServer.transact(cafe.controlDocName, "test", (doc) => {
      doc.getMap<unknown>(CAFE_MAPS.tables).forEach((value) => {
        if (value instanceof Y.Map) value.delete(CAFE_KEYS.slot);
      });
      doc.getMap<unknown>(CAFE_MAPS.settings).delete(CAFE_KEYS.lastSlot);
      doc.getMap<unknown>(CAFE_MAPS.presence).clear();
      const seating = doc.getMap<unknown>(CAFE_MAPS.seating);
      for (const [id, tableId] of Object.entries(legacySeats)) {
        seating.set(id, { tableId, presence: "in-room" });
      }
      const together = Object.fromEntries(people.map((p) => [p.id, t1.id]));
      doc.getMap<unknown>(CAFE_MAPS.history).set("0", { round: 0, seating: together });
    });
    expect(
      (await t.api(`${api}/round`, { method: "POST", token: f, json: { action: "start" } })).status,
    ).toBe(200);

    const plan = await t.api<{ plan: CafePlan }>(`${api}/rotation/plan`, {
      method: "POST",
      token: f,
      json: { seed: 3 },
    });
    expect(plan.status).toBe(200);
    expect(plan.body.plan.base).toEqual(legacySeats);
    // Everyone met everyone in the legacy round: every pair at a table of three repeats.
    expect(plan.body.plan.stats.repeatPairs).toBe(6);
    const applied = await t.api<{ round: number; moved: number }>(`${api}/rotation/apply`, {
      method: "POST",
      token: f,
      json: { base: plan.body.plan.base, seating: plan.body.plan.seating },
    });
    expect(applied.body).toEqual({ round: 2, moved: 4 });
    expect(await recordedRounds(cafe.eventId)).toEqual([{ round: 1, seating: legacySeats }]);

    const watcher = await connectSynced(t.server.url, cafe.controlDocName, { token: a1.token });
    try {
      const state = readCafe(watcher.doc);
      expect(state.problems).toEqual([]);
      for (const [id, tableId] of Object.entries(plan.body.plan.seating)) {
        expect(state.seating[id]).toEqual({ tableId, presence: "in-room" });
      }
      expect(state.history.map((h) => h.round)).toEqual([0]);
      const raw = watcher.doc.getMap<unknown>(CAFE_MAPS.seating);
      // Movers were written compact; the hosts' seats were not touched.
      expect(typeof raw.get(b1.id)).toBe("number");
      expect(raw.get(hostA.id)).toEqual({ tableId: t1.id, presence: "in-room" });
    } finally {
      watcher.destroy();
    }
  });
});

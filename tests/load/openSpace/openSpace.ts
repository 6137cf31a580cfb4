// Over 300 lines on purpose: one benchmark scenario whose two phases (the marketplace rush, then
// the law of two feet) share one run's server, crowd and sockets; its reusable parts are apart
// (`WallReplica.ts`, `../cafe/cafeApi.ts`, `../lib`).

import { Agent, request } from "node:http";
import { callApi } from "../cafe/cafeApi";
import { bound } from "../lib/checks";
import { nowMs, sleep } from "../lib/clock";
import { countRecordsPerDoc, prefillDocs } from "../lib/content";
import { LatencyRecorder } from "../lib/LatencyRecorder";
import { startPhase, waitUntil, withTempDir } from "../lib/measure";
import { ownCpuMs } from "../lib/procStats";
import { forEachLimited } from "../lib/provision";
import { RawClient } from "../lib/RawClient";
import type { RunMetrics } from "../lib/report";
import type { Scenario } from "../lib/Scenario";
import { type RunningServer, type ServerKind, startServer } from "../lib/servers";
import { type WallPage, WallReplica } from "./WallReplica";

type OpenSpaceConfig = {
  /** People who post at the same moment (phase 1). */
  posters: number;
  spaces: number;
  slots: number;
  /** People spread over the session boards (phase 2); the posters and more. */
  walkers: number;
  /** Shape-like records drawn on every session board before people move. */
  records: number;
  /** Fraction of the walkers who switch sessions at once. */
  switchShare: number;
};

/** API calls in flight at once while setting up (joins, first whereabouts). Not measured. */
const SETUP_CONCURRENCY = 16;
/** Sockets opened at once while connecting the crowd (set-up). */
const CONNECT_BATCH = 100;
/** How long a phase may take before the stragglers count as failures. */
const PHASE_TIMEOUT_MS = 60_000;
/**
 * The documented settings raised for the bench only (`server/API.md`): thousands of people join
 * from one address (127.0.0.1) in seconds, which the per-address join rate refuses by default; the
 * per-address share of the join code (half the cap, 2,500) already admits 2,000. Defaults stay.
 */
const BENCH_ENV: Readonly<Record<string, string>> = {
  TABLECLOTH_JOIN_PER_MINUTE: "1000000",
  TABLECLOTH_JOIN_BURST: "1000000",
  TABLECLOTH_CONNECT_PER_MINUTE: "1000000",
  TABLECLOTH_CONNECT_BURST: "1000000",
};

interface Person {
  id: string;
  token: string;
  control?: RawClient;
  /** This page's place in the shared decoding of the control doc's frames. */
  wall?: WallPage;
  board?: RawClient;
  /** Sessions this page shows on its wall (as of the last control-doc frame it received). */
  wallSessions: number;
  /** When this page first showed the full wall. */
  fullWallAt?: number;
  /** The session the person is at (phase 2). */
  sessionId?: string;
  movedTo?: string;
  /** When the person's page was synced on the new session's board. */
  syncedAt?: number;
  /** When the person's own control socket showed them at the new session. */
  seenAt?: number;
  failure?: string;
}

interface PostAnswer {
  status: number;
  ms: number;
  sessionId?: string;
  code?: string;
  freeCells?: number;
}

/** Tries a set-up call (not measured) again when the connection failed, e.g. a reused idle one. */
async function retried<T>(call: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await call();
    } catch (error) {
      // A dropped connection, or a 408 the server sends when an overloaded loop did not read the
      // headers in time: nothing was done, so the call is safe to repeat.
      const retryable =
        error instanceof TypeError ||
        (error instanceof Error && / → (408|503) /.test(error.message));
      if (i >= attempts || !retryable) {
        throw new Error(`set-up call failed ${i}×: ${reason(error)}`, { cause: error });
      }
      await sleep(250 * i);
    }
  }
}

/** A failure in a few words, with the network cause `fetch failed` hides. */
function reason(error: unknown): string {
  const cause = error instanceof Error && error.cause ? ` (${String(error.cause)})` : "";
  return `${String(error)}${cause}`.slice(0, 100);
}

function p95(values: number[]): number {
  const recorder = new LatencyRecorder();
  recorder.addAll(values);
  const sorted = recorder.values().sort();
  return sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? Number.NaN);
}

async function join(server: RunningServer, code: string, i: number): Promise<Person> {
  const joined = await callApi<{ participant: { id: string }; token: string }>(
    server,
    "POST",
    "/api/join",
    { body: { code, name: `Guest ${i + 1}` }, expect: 201 },
  );
  return { id: joined.participant.id, token: joined.token, wallSessions: 0 };
}

/** A post as it goes on the wire, made before the burst (a page has its request ready too). */
interface PreparedPost {
  path: string;
  headers: Record<string, string | number>;
  body: Buffer;
}

function preparePost(
  path: string,
  person: Person,
  body: { title: string; spaceId: string; slotId: string },
): PreparedPost {
  const bytes = Buffer.from(JSON.stringify(body));
  return {
    path,
    headers: {
      "content-type": "application/json",
      "content-length": bytes.byteLength,
      authorization: `Bearer ${person.token}`,
    },
    body: bytes,
  };
}

/**
 * One post, answered: 201 with the session, or 409 `cell_taken` with free cells, or else. Sent
 * with `node:http` rather than `fetch`: undici's WHATWG streams cost the generator more CPU per
 * request than the server spends answering it, on the cores both share. Each post still is its
 * own request on its own connection (the agent opens one per request in flight, as every
 * person's browser would), and its answer is read whole and parsed.
 */
function post(server: RunningServer, agent: Agent, prepared: PreparedPost): Promise<PostAnswer> {
  const began = nowMs();
  return new Promise<PostAnswer>((resolve) => {
    const fail = (error: unknown): void =>
      resolve({ status: 0, ms: nowMs() - began, code: reason(error) });
    const req = request(
      `${server.httpBase}${prepared.path}`,
      { method: "POST", headers: prepared.headers, agent, timeout: PHASE_TIMEOUT_MS },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", fail);
        response.on("end", () => {
          const ms = nowMs() - began;
          try {
            const json = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
              session?: { id: string };
              error?: { code: string; freeCells?: unknown[] };
            };
            resolve({
              status: response.statusCode ?? 0,
              ms,
              ...(json.session ? { sessionId: json.session.id } : {}),
              ...(json.error ? { code: json.error.code } : {}),
              ...(Array.isArray(json.error?.freeCells)
                ? { freeCells: json.error.freeCells.length }
                : {}),
            });
          } catch (error) {
            resolve({ status: response.statusCode ?? 0, ms, code: reason(error) });
          }
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer in ${PHASE_TIMEOUT_MS} ms`)));
    req.on("error", fail);
    req.end(prepared.body);
  });
}

async function run(kind: ServerKind, config: OpenSpaceConfig): Promise<RunMetrics> {
  if (kind !== "ours") {
    throw new Error("the reference server has no Open Space API: run with --server ours");
  }
  return withTempDir(async (dataDir) => {
    const server = await startServer({ kind, dataDir, env: { ...BENCH_ENV } });
    const clients: RawClient[] = [];
    try {
      const setupStarted = nowMs();
      const created = await callApi<{
        event: { id: string; joinCode: string };
        controlDocName: string;
        facilitatorToken: string;
      }>(server, "POST", "/api/events", {
        body: { title: "bench open space", format: "open-space" },
        expect: 201,
      });
      const f = created.facilitatorToken;
      const os = `/api/events/${created.event.id}/open-space`;
      const grid = await callApi<{ spaces: { id: string }[]; slots: { id: string }[] }>(
        server,
        "PUT",
        `${os}/grid`,
        {
          token: f,
          body: {
            spaces: Array.from({ length: config.spaces }, (_, i) => ({ name: `Space ${i + 1}` })),
            slots: Array.from({ length: config.slots }, (_, i) => ({ label: `Slot ${i + 1}` })),
          },
        },
      );
      const cells = grid.spaces.flatMap((space) =>
        grid.slots.map((slot) => ({ spaceId: space.id, slotId: slot.id })),
      );
      const people: Person[] = new Array(config.walkers);
      await forEachLimited(config.walkers, SETUP_CONCURRENCY, async (i) => {
        people[i] = await retried(() => join(server, created.event.joinCode, i));
      });
      const posters = people.slice(0, config.posters);

      // Every poster's page follows the control doc (read-only socket), as the wall does.
      const replica = new WallReplica();
      let rushStartedAt = 0;
      const follow = (person: Person, update: Uint8Array): void => {
        const wall = person.wall ?? replica.page();
        person.wall = wall;
        person.wallSessions = wall.receive(update);
        if (person.fullWallAt === undefined && person.wallSessions >= cells.length) {
          person.fullWallAt = nowMs();
        }
        const target = person.movedTo;
        if (target !== undefined && person.seenAt === undefined) {
          if (replica.whereIs(person.id) === target) person.seenAt = nowMs();
        }
      };
      const connectControl = async (group: Person[]) => {
        for (let start = 0; start < group.length; start += CONNECT_BATCH) {
          const batch = group.slice(start, start + CONNECT_BATCH).map((person) => {
            const control = new RawClient(server.syncUrl(created.controlDocName, person.token), {
              onUpdate: (update) => follow(person, update),
            });
            person.control = control;
            clients.push(control);
            return control.synced;
          });
          await Promise.all(batch);
        }
      };
      await connectControl(posters);
      const setupMs = nowMs() - setupStarted;
      await sleep(1_000);

      // Phase 1, the marketplace: every poster posts into a cell at the same moment; cells are
      // dealt round robin, so each holds posters / cells contenders.
      const prepared = posters.map((person, i) =>
        preparePost(`${os}/sessions`, person, {
          title: `Topic ${i + 1}`,
          ...(cells[i % cells.length] ?? { spaceId: "", slotId: "" }),
        }),
      );
      const postAgent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
      const finishRush = startPhase(server);
      const rushGeneratorCpuAt = ownCpuMs();
      const rushServerCpuAt = server.cpuMs();
      rushStartedAt = nowMs();
      const answers = await Promise.all(prepared.map((p) => post(server, postAgent, p)));
      const answeredAt = nowMs();
      const answeredGeneratorCpuMs = ownCpuMs() - rushGeneratorCpuAt;
      const answeredServerCpuMs = server.cpuMs() - rushServerCpuAt;
      const accepted = answers.filter((a) => a.status === 201 && a.sessionId !== undefined);
      const refused = answers.filter((a) => a.status === 409);
      const clearRefusals = refused.filter(
        (a) => a.code === "cell_taken" && a.freeCells !== undefined,
      );
      const errors = answers.length - accepted.length - clearRefusals.length;
      const expectedSessions = Math.min(accepted.length, cells.length);
      const allSeen = await waitUntil(
        () => posters.every((p) => p.fullWallAt !== undefined),
        PHASE_TIMEOUT_MS,
        5,
      );
      const rushCost = finishRush();
      const wallTimes = posters.map((p) => (p.fullWallAt ?? Number.NaN) - rushStartedAt);

      // The wall, as the server answers it and as the pages' doc shows it.
      const wall = await callApi<{
        sessions: { id: string; spaceId: string; slotId: string; docName: string | null }[];
      }>(server, "GET", os, { token: f });
      const perCell = new Map<string, number>();
      for (const s of wall.sessions) {
        const key = `${s.spaceId}/${s.slotId}`;
        perCell.set(key, (perCell.get(key) ?? 0) + 1);
      }
      const doubleBooked = [...perCell.values()].filter((n) => n > 1).length;
      const listed = new Set(wall.sessions.map((s) => s.id));
      const inDoc = new Set([...replica.sessions.keys()]);
      const unlisted = accepted.filter(
        (a) => !listed.has(a.sessionId ?? "") || !inDoc.has(a.sessionId ?? ""),
      ).length;
      const boards = wall.sessions.filter((s) => s.docName !== null);
      const sessionIds = boards.map((s) => s.id);
      const docOf = new Map(boards.map((s) => [s.id, s.docName ?? ""]));

      // Phase 2 set-up: the rest of the crowd connects; everyone goes to a session (round robin)
      // and opens its board; every board gets content.
      await connectControl(people.slice(config.posters));
      const writerUrls = boards.map((s) => server.syncUrl(s.docName ?? "", f));
      await prefillDocs(writerUrls, writerUrls, config.records);
      await forEachLimited(people.length, SETUP_CONCURRENCY, async (i) => {
        const person = people[i];
        const sessionId = sessionIds[i % sessionIds.length];
        if (!person || sessionId === undefined) return;
        await retried(() =>
          callApi(server, "PUT", `${os}/where`, { token: person.token, body: { sessionId } }),
        );
        person.sessionId = sessionId;
      });
      for (let start = 0; start < people.length; start += CONNECT_BATCH) {
        const batch = people.slice(start, start + CONNECT_BATCH).map((person) => {
          const board = new RawClient(
            server.syncUrl(docOf.get(person.sessionId ?? "") ?? "", person.token),
          );
          person.board = board;
          clients.push(board);
          return board.synced;
        });
        await Promise.all(batch);
      }
      await sleep(1_000);

      // Phase 2, the law of two feet: a quarter of the crowd walks to another session at once.
      // Each page says where it goes (PUT where), then leaves its board and syncs the next one.
      const walkers = people.filter((_, i) => i % Math.round(1 / config.switchShare) === 0);
      const moveTimes = new LatencyRecorder();
      const whereAnswers: number[] = [];
      const finishWalk = startPhase(server);
      const walkStartedAt = nowMs();
      await Promise.all(
        walkers.map(async (person, k) => {
          const from = sessionIds.indexOf(person.sessionId ?? "");
          const target = sessionIds[(from + 1 + (k % (sessionIds.length - 1))) % sessionIds.length];
          if (target === undefined) return;
          person.movedTo = target;
          const began = nowMs();
          try {
            await callApi(server, "PUT", `${os}/where`, {
              token: person.token,
              body: { sessionId: target },
            });
          } catch (error) {
            person.failure = reason(error);
            return;
          }
          whereAnswers.push(nowMs() - began);
          void person.board?.close();
          const board = new RawClient(server.syncUrl(docOf.get(target) ?? "", person.token));
          clients.push(board);
          person.board = board;
          person.sessionId = target;
          await board.synced.then(
            () => {
              person.syncedAt = board.syncedAt;
              moveTimes.add(board.syncedAt - walkStartedAt);
            },
            (error: unknown) => {
              person.failure = reason(error);
            },
          );
        }),
      );
      await waitUntil(
        () => walkers.every((p) => p.seenAt !== undefined || p.failure !== undefined),
        PHASE_TIMEOUT_MS,
        5,
      );
      const walkCost = finishWalk();
      const walkSynced = walkers.filter(
        (p) => p.syncedAt !== undefined && p.seenAt !== undefined,
      ).length;
      const lastSynced = Math.max(...walkers.map((p) => Math.max(p.syncedAt ?? 0, p.seenAt ?? 0)));

      await sleep(500);
      const dropped = people.filter(
        (p) => !(p.board?.isOpen ?? false) || !(p.control?.isOpen ?? false),
      ).length;
      const wrongPlace = people.filter((p) => replica.whereIs(p.id) !== p.sessionId).length;
      const counts = await countRecordsPerDoc(writerUrls, config.records);
      const intact = counts.filter((n) => n === config.records).length;
      const reasons = new Map<string, number>();
      for (const a of answers) {
        if (a.status !== 201 && !(a.status === 409 && a.code === "cell_taken")) {
          const reason = `${a.status} ${a.code ?? ""}`;
          reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        }
      }
      for (const p of walkers) {
        if (p.failure) reasons.set(p.failure, (reasons.get(p.failure) ?? 0) + 1);
      }
      const walk = moveTimes.summary();
      return {
        values: {
          posts: answers.length,
          accepted: accepted.length,
          refused409: clearRefusals.length,
          postErrors: errors,
          doubleBooked,
          unlisted,
          sessionsOnWall: wall.sessions.length,
          postP95: p95(answers.map((a) => a.ms)),
          allAnsweredMs: answeredAt - rushStartedAt,
          fullWallP95: allSeen ? p95(wallTimes) : Number.NaN,
          fullWallLast: allSeen ? Math.max(...wallTimes) : Number.NaN,
          rushServerCpuMs: rushCost.serverCpuMs,
          rushGeneratorCpuMs: rushCost.generatorCpuMs,
          answeredServerCpuMs,
          answeredGeneratorCpuMs,
          walkers: walkers.length,
          walkSyncedPct: (100 * walkSynced) / Math.max(1, walkers.length),
          walkFailures: walkers.length - walkSynced + wrongPlace,
          whereAnswerP95: p95(whereAnswers),
          walkSyncedP50: walk.p50,
          walkSyncedP99: walk.p99,
          walkAllSyncedMs: walkSynced === walkers.length ? lastSynced - walkStartedAt : Number.NaN,
          walkServerCpuPerMoveMs: walkCost.serverCpuMs / Math.max(1, walkers.length),
          droppedAfter: dropped,
          boardsIntact: intact,
          boardsDamaged: boards.length - intact,
          expectedSessions,
        },
        serverCpuMs: rushCost.serverCpuMs + walkCost.serverCpuMs,
        generatorCpuMs: rushCost.generatorCpuMs + walkCost.generatorCpuMs,
        phaseMs: rushCost.phaseMs + walkCost.phaseMs,
        serverProbeP99Ms: Math.max(rushCost.serverProbeP99Ms, walkCost.serverProbeP99Ms),
        serverProbeMaxMs: Math.max(rushCost.serverProbeMaxMs, walkCost.serverProbeMaxMs),
        serverPeakRssMb: server.peakRssMb(),
        notes: [
          `setup (event, ${config.spaces}×${config.slots} grid, ${config.walkers} joins, ${config.posters} control sockets): ${(setupMs / 1000).toFixed(1)} s`,
          `phase 1: ${config.posters} posts fired at once (real HTTP, one token each), cells dealt round robin (${Math.ceil(config.posters / cells.length)} contenders per cell); answer times from the burst's start; "full wall" = a page's own control-doc frames show every cell filled`,
          `phase 2: ${config.walkers} people over ${boards.length} session boards (${config.records} records each), ${walkers.length} switch at once: PUT where, then close the board socket and sync the next; synced = on the new board and the page's control doc shows them there`,
          "control-doc frames are decoded once for all pages (WallReplica); each page still has its own socket and receives every frame",
          ...(reasons.size > 0
            ? [`failures: ${[...reasons].map(([r, n]) => `${n}× ${r}`).join("; ")}`]
            : []),
        ],
      };
    } catch (error) {
      throw new Error(`${String(error)}\nserver said:\n${server.recentOutput().slice(-1500)}`, {
        cause: error,
      });
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      await server.stop();
    }
  });
}

export const openSpace: Scenario<OpenSpaceConfig> = {
  name: "openspace",
  description:
    "Open Space: a crowd posts into a spaces × slots wall at the same moment (one post per cell wins, the rest get 409 cell_taken), then a quarter of the crowd walks to other session boards at once",
  config: (quick) =>
    quick
      ? { posters: 150, spaces: 5, slots: 2, walkers: 200, records: 10, switchShare: 0.25 }
      : { posters: 1_500, spaces: 25, slots: 4, walkers: 2_000, records: 30, switchShare: 0.25 },
  metrics: [
    { key: "posts", label: "posts at once", unit: "", better: "none" },
    { key: "accepted", label: "posts accepted (201)", unit: "", better: "none" },
    {
      key: "refused409",
      label: "posts refused 409 cell_taken with free cells",
      unit: "",
      better: "none",
    },
    { key: "postErrors", label: "posts answered otherwise (errors)", unit: "", better: "lower" },
    { key: "doubleBooked", label: "double-booked cells", unit: "", better: "lower" },
    { key: "unlisted", label: "accepted posts missing from the wall", unit: "", better: "lower" },
    { key: "postP95", label: "post answer p95", unit: "ms", better: "lower" },
    { key: "allAnsweredMs", label: "last post answered", unit: "ms", better: "lower" },
    { key: "fullWallP95", label: "page shows the full wall, p95", unit: "ms", better: "lower" },
    { key: "fullWallLast", label: "page shows the full wall, last", unit: "ms", better: "lower" },
    { key: "rushServerCpuMs", label: "server CPU of the rush", unit: "ms", better: "lower" },
    {
      key: "rushGeneratorCpuMs",
      label: "load generator CPU of the rush (same 2 cores)",
      unit: "ms",
      better: "none",
    },
    {
      key: "answeredServerCpuMs",
      label: "server CPU from the burst to the last answer",
      unit: "ms",
      better: "lower",
    },
    {
      key: "answeredGeneratorCpuMs",
      label: "load generator CPU from the burst to the last answer",
      unit: "ms",
      better: "none",
    },
    { key: "walkers", label: "people switching at once", unit: "", better: "none" },
    { key: "walkSyncedPct", label: "switchers synced", unit: "%", better: "higher" },
    { key: "walkFailures", label: "switch failures", unit: "", better: "lower" },
    { key: "whereAnswerP95", label: "PUT where answered, p95", unit: "ms", better: "lower" },
    {
      key: "walkSyncedP50",
      label: "switcher synced on new board, p50",
      unit: "ms",
      better: "lower",
    },
    {
      key: "walkSyncedP99",
      label: "switcher synced on new board, p99",
      unit: "ms",
      better: "lower",
    },
    { key: "walkAllSyncedMs", label: "time to 100 % switched", unit: "ms", better: "lower" },
    { key: "walkServerCpuPerMoveMs", label: "server CPU per switch", unit: "ms", better: "lower" },
    { key: "droppedAfter", label: "sockets dropped after", unit: "", better: "lower" },
    { key: "boardsIntact", label: "session boards with all content", unit: "", better: "higher" },
    { key: "boardsDamaged", label: "session boards missing content", unit: "", better: "lower" },
  ],
  run,
  checks: (config, ours, reference) => [
    bound("0 double-booked cells", "doubleBooked", "<=", 0, "", ours, reference),
    bound("every accepted post listed", "unlisted", "<=", 0, "", ours, reference),
    bound(
      `every cell filled (${config.spaces * config.slots})`,
      "sessionsOnWall",
      ">=",
      config.spaces * config.slots,
      "",
      ours,
      reference,
    ),
    bound(
      "0 post errors (every refusal a 409 cell_taken)",
      "postErrors",
      "<=",
      0,
      "",
      ours,
      reference,
    ),
    bound("post answer p95", "postP95", "<=", 1_000, "ms", ours, reference),
    bound("full wall on every page, p95", "fullWallP95", "<=", 1_000, "ms", ours, reference),
    bound("100 % switched and synced", "walkSyncedPct", ">=", 100, "%", ours, reference),
    bound("0 switch failures", "walkFailures", "<=", 0, "", ours, reference),
    bound("no board loses content", "boardsDamaged", "<=", 0, "boards damaged", ours, reference),
  ],
};

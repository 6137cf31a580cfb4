// Over 400 lines on purpose: one benchmark scenario whose set-up, warm-up, measured phase and
// checks share one run's state (the server, 2,000 people's sockets, the timings); its reusable
// parts are already apart (`ControlReplica.ts`, `cafeApi.ts`, `../lib`).
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import type { CafePlan, CafeTable } from "@tablecloth/protocol";
import { bound } from "../lib/checks";
import { nowMs, sleep } from "../lib/clock";
import { countRecordsPerDoc, prefillDocs } from "../lib/content";
import { LatencyRecorder } from "../lib/LatencyRecorder";
import { startPhase, waitUntil, withTempDir } from "../lib/measure";
import { forEachLimited } from "../lib/provision";
import { RawClient } from "../lib/RawClient";
import type { RunMetrics } from "../lib/report";
import type { Scenario } from "../lib/Scenario";
import { type RunningServer, type ServerKind, startServer } from "../lib/servers";
import { ControlReplica } from "./ControlReplica";
import { callApi } from "./cafeApi";

type RotationConfig = {
  participants: number;
  tables: number;
  /** Shape-like records drawn on every cloth before the rotation. */
  records: number;
};

/** API calls in flight at once while setting up (joins, presence, hosts). */
const SETUP_CONCURRENCY = 16;
/** Sockets opened at once while connecting the crowd (setup, not measured). */
const CONNECT_BATCH = 100;
/** How long the rotation may take before the stragglers count as failures. */
const ROTATION_TIMEOUT_MS = 60_000;
/**
 * Limits lifted for the set-up only: 2,000 people join from one address in a few seconds, and one
 * facilitator token writes and checks every cloth (standing in for round 1's drawers). During the
 * measured phase each participant opens one connection, far below the per-participant limit.
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
  /** Table id the person's board socket is on. */
  tableId: string | null;
  control?: RawClient;
  board?: RawClient;
  /** Set when the person's page switched boards during the measured phase. */
  switchedAt?: number;
  syncedAt?: number;
  failure?: string;
}

interface Cafe {
  eventId: string;
  facilitatorToken: string;
  controlDocName: string;
  tables: CafeTable[];
  people: Person[];
}

async function setUpCafe(server: RunningServer, config: RotationConfig): Promise<Cafe> {
  const created = await callApi<{
    event: { id: string; joinCode: string };
    controlDocName: string;
    facilitatorToken: string;
  }>(server, "POST", "/api/events", {
    body: { title: "bench café rotation", format: "world-cafe" },
    expect: 201,
  });
  const f = created.facilitatorToken;
  const cafePath = `/api/events/${created.event.id}/cafe`;
  const { tables } = await callApi<{ tables: CafeTable[] }>(server, "PUT", `${cafePath}/setup`, {
    token: f,
    body: {
      questions: ["What could we do together?"],
      rounds: 4,
      roundMs: 20 * 60_000,
      makeTables: { count: config.tables, people: config.participants },
    },
  });
  const people: Person[] = new Array(config.participants);
  await forEachLimited(config.participants, SETUP_CONCURRENCY, async (i) => {
    const joined = await callApi<{ participant: { id: string }; token: string }>(
      server,
      "POST",
      "/api/join",
      { body: { code: created.event.joinCode, name: `Guest ${i + 1}` }, expect: 201 },
    );
    await callApi(server, "POST", `${cafePath}/presence`, {
      token: joined.token,
      body: { presence: i % 3 === 0 ? "remote" : "in-room" },
    });
    people[i] = { id: joined.participant.id, token: joined.token, tableId: null };
  });
  // The first person of every table hosts it.
  await forEachLimited(tables.length, SETUP_CONCURRENCY, async (t) => {
    await callApi(server, "PATCH", `${cafePath}/tables/${tables[t]?.id}`, {
      token: f,
      body: { hostId: people[t]?.id },
    });
  });
  // Round 1: everyone seated by the planner.
  const { plan } = await callApi<{ plan: CafePlan }>(server, "POST", `${cafePath}/rotation/plan`, {
    token: f,
    body: { seed: 1 },
  });
  await callApi(server, "POST", `${cafePath}/rotation/apply`, {
    token: f,
    body: { base: plan.base, seating: plan.seating, startRound: true },
  });
  for (const person of people) person.tableId = plan.seating[person.id] ?? null;
  return {
    eventId: created.event.id,
    facilitatorToken: f,
    controlDocName: created.controlDocName,
    tables,
    people,
  };
}

function median(values: number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function run(kind: ServerKind, config: RotationConfig): Promise<RunMetrics> {
  if (kind !== "ours") {
    throw new Error("the reference server has no café API: run with --server ours");
  }
  return withTempDir(async (dataDir) => {
    const server = await startServer({ kind, dataDir, env: { ...BENCH_ENV } });
    const clients: RawClient[] = [];
    try {
      const setupStarted = nowMs();
      const cafe = await setUpCafe(server, config);
      const docOf = new Map(cafe.tables.map((t) => [t.id, t.docName]));
      const urlOf = (tableId: string, token: string) =>
        server.syncUrl(docOf.get(tableId) ?? "", token);
      const writerUrls = cafe.tables.map((t) => server.syncUrl(t.docName, cafe.facilitatorToken));
      await prefillDocs(writerUrls, writerUrls, config.records);

      // Every participant's page: a read-only socket on the control doc and one on its table.
      const replica = new ControlReplica();
      let armed = false;
      let largestFrame = 0;
      let perClient = new LatencyRecorder();
      let rotationStartedAt = 0;
      let watchOnly: ((person: Person) => void) | null = null;
      const follow = (person: Person): void => {
        watchOnly?.(person);
        if (!armed) return;
        const seat = replica.seatOf(person.id);
        if (seat === undefined || seat === null || seat === person.tableId) return;
        // The page moves its person by itself: close this table's socket, open the next one's.
        person.board?.close();
        person.tableId = seat;
        person.switchedAt = nowMs();
        const board = new RawClient(urlOf(seat, person.token));
        clients.push(board);
        person.board = board;
        board.synced.then(
          () => {
            person.syncedAt = board.syncedAt;
            perClient.add(board.syncedAt - rotationStartedAt);
          },
          (error: unknown) => {
            person.failure = String(error).slice(0, 80);
          },
        );
      };
      for (let start = 0; start < cafe.people.length; start += CONNECT_BATCH) {
        const batch: Promise<number>[] = [];
        for (const person of cafe.people.slice(start, start + CONNECT_BATCH)) {
          const control = new RawClient(server.syncUrl(cafe.controlDocName, person.token), {
            onUpdate: (update) => {
              if (armed) largestFrame = Math.max(largestFrame, update.byteLength);
              replica.receive(update);
              follow(person);
            },
          });
          const board = new RawClient(urlOf(person.tableId ?? "", person.token));
          person.control = control;
          person.board = board;
          clients.push(control, board);
          batch.push(control.synced, board.synced);
        }
        await Promise.all(batch);
      }
      const setupMs = nowMs() - setupStarted;
      await sleep(1_000);
      const round1 = replica.round;

      const rotationPath = `/api/events/${cafe.eventId}/cafe/rotation`;
      const planNext = async (seed: number): Promise<CafePlan> =>
        (
          await callApi<{ plan: CafePlan }>(server, "POST", `${rotationPath}/plan`, {
            token: cafe.facilitatorToken,
            body: { seed },
          })
        ).plan;
      const applyPlan = (plan: CafePlan) =>
        callApi<{ round: number; moved: number }>(server, "POST", `${rotationPath}/apply`, {
          token: cafe.facilitatorToken,
          body: { base: plan.base, seating: plan.seating },
        });
      const allDone = (movers: Person[]) =>
        waitUntil(
          () => movers.every((p) => p.syncedAt !== undefined || p.failure !== undefined),
          ROTATION_TIMEOUT_MS,
          5,
        );

      // Warm-up: round 1 → 2, the same kind of rotation, not counted. The first rotation a fresh
      // server process ever runs is also the first time its close, reopen and café-apply paths
      // run hot, so it pays the JIT's warm-up (measured: ~20 % more CPU per move). A server that
      // hosts an event has been through joins, reloads and moves long before round 2; the cold
      // figures are still reported, as "first rotation (cold)".
      const warm = await planNext(12);
      const warmMovers = cafe.people.filter((p) => warm.seating[p.id] !== p.tableId);
      const finishWarm = startPhase(server);
      armed = true;
      rotationStartedAt = nowMs();
      const warmStartedAt = rotationStartedAt;
      await applyPlan(warm);
      await allDone(warmMovers);
      const warmCost = finishWarm();
      armed = false;
      const warmSynced = warmMovers.filter((p) => p.syncedAt !== undefined);
      const warmTimeMs =
        warmSynced.length === warmMovers.length
          ? Math.max(...warmSynced.map((p) => p.syncedAt ?? 0)) - warmStartedAt
          : Number.NaN;
      const warmFailures = warmMovers.length - warmSynced.length;
      for (const p of cafe.people) {
        delete p.syncedAt;
        delete p.switchedAt;
      }
      perClient = new LatencyRecorder();
      await sleep(1_000);

      const planStarted = nowMs();
      const plan = await planNext(2);
      const planMs = nowMs() - planStarted;
      const movers = cafe.people.filter((p) => plan.seating[p.id] !== p.tableId);

      // CAFE_BENCH_PROFILE=<file>: a CPU profile of the generator during the measured phase.
      const profilePath = process.env.CAFE_BENCH_PROFILE;
      const profiler = profilePath ? new Session() : null;
      if (profiler) {
        profiler.connect();
        await profiler.post("Profiler.enable");
        await profiler.post("Profiler.start");
      }
      // The measured phase: one click on "apply", until every traveller is synced at the next table.
      const finish = startPhase(server);
      armed = true;
      rotationStartedAt = nowMs();
      const applied = await applyPlan(plan);
      const applyMs = nowMs() - rotationStartedAt;
      await allDone(movers);
      const lastSynced = Math.max(rotationStartedAt, ...movers.map((p) => p.syncedAt ?? 0));
      const cost = finish();
      if (profiler && profilePath) {
        const { profile } = await profiler.post("Profiler.stop");
        writeFileSync(profilePath, JSON.stringify(profile));
        profiler.disconnect();
      }
      const synced = movers.filter((p) => p.syncedAt !== undefined).length;
      const timeToAllSyncedMs =
        synced === movers.length ? lastSynced - rotationStartedAt : Number.NaN;

      await sleep(500);
      const wrongTable = cafe.people.filter((p) => p.tableId !== plan.seating[p.id]).length;
      const dropped = cafe.people.filter(
        (p) => !(p.board?.isOpen ?? false) || !(p.control?.isOpen ?? false),
      ).length;
      // Second phase: the next rotation again, but pages only note their new seat (no socket
      // switch), to tell the café's own cost (apply + the control doc's fan-out) from the cost of
      // reopening sockets.
      const next = await planNext(3);
      const nextMovers = cafe.people.filter((p) => next.seating[p.id] !== p.tableId).length;
      armed = false;
      const seen = new Map<string, number>();
      watchOnly = (person) => {
        if (!seen.has(person.id) && replica.seatOf(person.id) === next.seating[person.id]) {
          seen.set(person.id, nowMs());
        }
      };
      const controlProfiler = profilePath ? new Session() : null;
      if (controlProfiler) {
        controlProfiler.connect();
        await controlProfiler.post("Profiler.enable");
        await controlProfiler.post("Profiler.start");
      }
      const finishControl = startPhase(server);
      const controlStartedAt = nowMs();
      await applyPlan(next);
      await waitUntil(() => seen.size === cafe.people.length, ROTATION_TIMEOUT_MS, 5);
      const controlFanoutMs = Math.max(...seen.values()) - controlStartedAt;
      const controlCost = finishControl();
      if (controlProfiler && profilePath) {
        const { profile } = await controlProfiler.post("Profiler.stop");
        writeFileSync(
          profilePath.replace(/(\.cpuprofile)?$/, ".control.cpuprofile"),
          JSON.stringify(profile),
        );
        controlProfiler.disconnect();
      }
      watchOnly = null;

      const counts = await countRecordsPerDoc(writerUrls, config.records);
      const intact = counts.filter((n) => n === config.records).length;
      const reasons = new Map<string, number>();
      for (const p of movers) {
        if (p.failure) reasons.set(p.failure, (reasons.get(p.failure) ?? 0) + 1);
      }
      const summary = perClient.summary();
      return {
        values: {
          moved: movers.length,
          movedByServer: applied.moved,
          timeToAllSyncedMs,
          coldTimeToAllSyncedMs: warmTimeMs,
          coldServerCpuPerMoveMs: warmCost.serverCpuMs / Math.max(1, warmMovers.length),
          syncedPct: (100 * synced) / Math.max(1, movers.length),
          failures: movers.length - synced + wrongTable + warmFailures,
          droppedAfterSync: dropped,
          perClientP50: summary.p50,
          perClientP99: summary.p99,
          seenP50: median(movers.map((p) => (p.switchedAt ?? Number.NaN) - rotationStartedAt)),
          seenMax: Math.max(...movers.map((p) => (p.switchedAt ?? Number.NaN) - rotationStartedAt)),
          applyResponseMs: applyMs,
          planMs,
          controlFrameKb: largestFrame / 1024,
          serverCpuPerMoveMs: cost.serverCpuMs / Math.max(1, movers.length),
          generatorCpuPerMoveMs: cost.generatorCpuMs / Math.max(1, movers.length),
          controlOnlyFanoutMs: controlFanoutMs,
          controlOnlyServerCpuPerMoveMs: controlCost.serverCpuMs / Math.max(1, nextMovers),
          controlOnlyGeneratorCpuMs: controlCost.generatorCpuMs,
          docsIntact: intact,
          docsDamaged: config.tables - intact,
          roundBefore: round1,
          roundAfter: replica.round,
        },
        ...cost,
        serverPeakRssMb: server.peakRssMb(),
        notes: [
          `setup (event, ${config.tables} tables, ${config.participants} joins + presence, hosts, seating, prefill, ${2 * config.participants} sockets): ${(setupMs / 1000).toFixed(1)} s`,
          'a first rotation (round 1 → 2, same size) runs before the measured one and is reported as "first rotation (cold)": it pays the server\'s JIT warm-up; its failures count too',
          "measured phase = the facilitator's apply request → every traveller's page has seen its new seat on the control doc, closed its table's socket and synced on the next table",
          "each participant has its own sockets (control doc read-only + table); control frames are decoded once for all of them (ControlReplica), see the README",
          ...(reasons.size > 0
            ? [`failures: ${[...reasons].map(([r, n]) => `${n}× ${r}`).join("; ")}`]
            : []),
          ...(intact < config.tables
            ? [
                `damaged cloths: ${counts
                  .map((n, i) => [i, n])
                  .filter(([, n]) => n !== config.records)
                  .slice(0, 10)
                  .map(([i, n]) => `#${i}:${n}`)
                  .join(" ")}`,
              ]
            : []),
        ],
      };
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      await server.stop();
    }
  });
}

export const rotation: Scenario<RotationConfig> = {
  name: "rotation",
  description:
    "World Café: one rotation of every traveller (hosts stay) through the café API; time until 100 % synced at their new table, cloths intact",
  config: (quick) =>
    quick
      ? { participants: 200, tables: 20, records: 20 }
      : { participants: 2_000, tables: 200, records: 50 },
  metrics: [
    { key: "moved", label: "travellers moved", unit: "", better: "none" },
    {
      key: "timeToAllSyncedMs",
      label: "time to 100 % synced at new table",
      unit: "ms",
      better: "lower",
    },
    {
      key: "coldTimeToAllSyncedMs",
      label: "first rotation (cold): time to 100 % synced",
      unit: "ms",
      better: "lower",
    },
    {
      key: "coldServerCpuPerMoveMs",
      label: "first rotation (cold): server CPU per move",
      unit: "ms",
      better: "lower",
    },
    { key: "syncedPct", label: "travellers synced", unit: "%", better: "higher" },
    { key: "failures", label: "failures", unit: "", better: "lower" },
    { key: "droppedAfterSync", label: "sockets dropped after", unit: "", better: "lower" },
    { key: "perClientP50", label: "per-traveller p50 (from apply)", unit: "ms", better: "lower" },
    { key: "perClientP99", label: "per-traveller p99 (from apply)", unit: "ms", better: "lower" },
    { key: "seenP50", label: "new seat seen on the control doc, p50", unit: "ms", better: "lower" },
    {
      key: "seenMax",
      label: "new seat seen on the control doc, last",
      unit: "ms",
      better: "lower",
    },
    { key: "applyResponseMs", label: "apply request answered", unit: "ms", better: "lower" },
    { key: "planMs", label: "plan request (2,000 people)", unit: "ms", better: "lower" },
    {
      key: "controlFrameKb",
      label: "rotation frame on the control doc",
      unit: "KiB",
      better: "lower",
    },
    { key: "serverCpuPerMoveMs", label: "server CPU per move", unit: "ms", better: "lower" },
    { key: "generatorCpuPerMoveMs", label: "generator CPU per move", unit: "ms", better: "none" },
    {
      key: "controlOnlyFanoutMs",
      label: "café only: apply → every page sees its seat",
      unit: "ms",
      better: "lower",
    },
    {
      key: "controlOnlyServerCpuPerMoveMs",
      label: "café only: server CPU per move (no socket switch)",
      unit: "ms",
      better: "lower",
    },
    {
      key: "controlOnlyGeneratorCpuMs",
      label: "café only: generator CPU",
      unit: "ms",
      better: "none",
    },
    { key: "docsIntact", label: "cloths with all content", unit: "", better: "higher" },
    { key: "docsDamaged", label: "cloths missing content", unit: "", better: "lower" },
  ],
  run,
  checks: (config, ours, reference) => [
    bound("time to 100 % synced", "timeToAllSyncedMs", "<=", 2_000, "ms", ours, reference),
    bound("100 % synced", "syncedPct", ">=", 100, "%", ours, reference),
    bound("0 failures", "failures", "<=", 0, "", ours, reference),
    bound(
      `every cloth intact (${config.tables})`,
      "docsDamaged",
      "<=",
      0,
      "cloths damaged",
      ours,
      reference,
    ),
    bound("server CPU per move", "serverCpuPerMoveMs", "<=", 0.5, "ms", ours, reference),
  ],
};

/**
 * Beyond one machine (issue 16): clients over many rooms on three instances sharing one
 * PostgreSQL behind a round-robin TCP balancer; the busiest instance is SIGKILLed under load.
 * Reports acknowledged updates lost (sent > 200 ms before the kill but not in the log as of the
 * kill), time to resync for every client the kill disconnected (p50/p95/max), and, side by side
 * with the same load on a single instance: fanout latency p99 and server CPU per delivery.
 *
 *   pnpm --filter @tablecloth/tests bench:cluster            # 2,000 clients, 150 rooms
 *   pnpm --filter @tablecloth/tests bench:cluster --quick    # 300 clients, 30 rooms
 *
 * Needs PostgreSQL (TABLECLOTH_TEST_PG_URL, default 127.0.0.1:5432/test); writes
 * results/<date>-cluster[-quick].json.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openPgPool, PgDocStore } from "@tablecloth/storage";
import { dropTestSchema, PG_TEST_URL, testSchemaName } from "@tablecloth/storage/pg-test";
import * as Y from "yjs";
import { TcpBalancer } from "../../../server/src/test/tcpBalancer";
import { nowMs, sleep } from "../lib/clock";
import { LatencyRecorder, type LatencySummary, summarize } from "../lib/LatencyRecorder";
import { LIFTED_SETUP_LIMITS } from "../lib/launch";
import { MapWriter } from "../lib/MapWriter";
import { describeMachine, machineLine } from "../lib/machine";
import { forEachLimited, provisionDocs } from "../lib/provision";
import { RawClient } from "../lib/RawClient";
import { RESULTS_DIR } from "../lib/results";
import { type RunningServer, startServer } from "../lib/servers";
import { forEachInsertedValue } from "../lib/updateValues";

interface Config {
  clients: number;
  rooms: number;
  /** Rooms per event: an event's docs live on one instance, so events spread the load. */
  roomsPerEvent: number;
  writeEveryMs: number;
  measureMs: number;
  afterKillMs: number;
  /** The lease ttl (the default, 5 s: a dead instance whose port refuses is taken over at once). */
  leaseTtlMs: number;
}

const quick = process.argv.includes("--quick");
const config: Config = quick
  ? {
      clients: 300,
      rooms: 30,
      roomsPerEvent: 5,
      writeEveryMs: 2_000,
      measureMs: 5_000,
      afterKillMs: 8_000,
      leaseTtlMs: 5_000,
    }
  : {
      clients: 2_000,
      rooms: 150,
      roomsPerEvent: 10,
      writeEveryMs: 2_000,
      measureMs: 10_000,
      afterKillMs: 10_000,
      leaseTtlMs: 5_000,
    };
const DURABLE_AFTER_MS = 200;

/** A balancer in front of instances, looking like one server to the provisioning helpers. */
function balancedServer(balancer: TcpBalancer, instances: RunningServer[]): RunningServer {
  const base = balancer.url;
  return {
    kind: "ours",
    pid: instances[0]?.pid ?? 0,
    port: balancer.port,
    httpBase: base,
    probeUrl: `${base}/healthz`,
    syncUrl: (docName, token) =>
      `ws://127.0.0.1:${balancer.port}/sync/${docName}${token ? `?token=${encodeURIComponent(token)}` : ""}`,
    cpuMs: () => instances.reduce((sum, s) => sum + s.cpuMs(), 0),
    peakRssMb: () => Math.max(...instances.map((s) => s.peakRssMb())),
    recentOutput: () => instances.map((s) => s.recentOutput()).join("\n"),
    stop: async () => null,
  };
}

interface Peer {
  index: number;
  room: number;
  docName: string;
  token: string | undefined;
  client: RawClient;
  writer: MapWriter;
  /** key → send time (performance clock ms) */
  sent: Map<string, number>;
  seq: number;
  /** Reconnects in a row that did not sync (the stock client's backoff). */
  failures: number;
  /** When the kill disconnected it (NaN if it was not), and when it synced again. */
  droppedAt: number;
  resyncedAt: number;
}

interface Phase {
  instances: number;
  latency: LatencySummary;
  deliveries: number;
  serverCpuMs: number;
  cpuPerDeliveryUs: number;
  writes: number;
  lostAcknowledged?: number;
  /** The oldest lost update's age at the kill, ms. */
  lostOldestMs?: number;
  resyncMs?: LatencySummary;
  resyncP95Ms?: number;
  disconnected?: number;
  stillDown?: number;
  docsCheckedForOwners?: number;
  docsWithInterleavedOwners?: number;
}

async function runPhase(instanceCount: number, kill: boolean): Promise<Phase> {
  const schema = testSchemaName();
  const secret = randomBytes(32).toString("hex");
  const dirs: string[] = [];
  const instances: RunningServer[] = [];
  const pool = await openPgPool({ connectionString: PG_TEST_URL, schema, max: 2 });
  let balancer: TcpBalancer | null = null;
  const peers: Peer[] = [];
  try {
    for (let i = 0; i < instanceCount; i++) {
      const dataDir = await mkdtemp(join(tmpdir(), "tablecloth-cluster-"));
      dirs.push(dataDir);
      instances.push(
        await startServer({
          kind: "ours",
          dataDir,
          env: {
            ...LIFTED_SETUP_LIMITS,
            TABLECLOTH_DATABASE_URL: PG_TEST_URL,
            TABLECLOTH_DATABASE_SCHEMA: schema,
            TABLECLOTH_SECRET: secret,
            TABLECLOTH_LEASE_TTL_MS: String(config.leaseTtlMs),
            // Every proxied socket comes from a peer instance's address.
            TABLECLOTH_MAX_CONNECTIONS_PER_ADDRESS: "16000",
            LOG_LEVEL: "info",
          },
        }),
      );
    }
    balancer = await TcpBalancer.start(instances.map((s) => s.port));
    const front = balancedServer(balancer, instances);

    // Events through the balancer (round robin spreads their owners), rooms and participants.
    const events = Math.ceil(config.rooms / config.roomsPerEvent);
    const perEvent = Math.ceil(config.clients / events);
    const rooms: { docName: string; token: (i: number) => string | undefined }[] = [];
    for (let e = 0; e < events; e++) {
      // Each event is made on one instance in turn, which then owns it (the first to write an
      // event's docs takes its lease), as facilitators arriving through the balancer would.
      const maker = instances[e % instances.length] as RunningServer;
      const access = await provisionDocs(maker, {
        docs: config.roomsPerEvent,
        participants: perEvent,
        label: `cluster ${e}`,
      });
      for (const docName of access.docNames) rooms.push({ docName, token: (i) => access.token(i) });
    }

    const latency = new LatencyRecorder();
    let stopping = false;
    let killedAt: number | null = null;
    let measuring = false;
    let deliveries = 0;
    const connect = (peer: Peer): void => {
      peer.client = new RawClient(front.syncUrl(peer.docName, peer.token), {
        onUpdate: (update, initial) => {
          if (initial || !measuring) return;
          const now = nowMs();
          forEachInsertedValue(update, (value) => {
            if (typeof value !== "number") return;
            deliveries++;
            latency.add(now - value);
          });
        },
      });
      peer.client.synced.then(
        () => {
          if (!Number.isNaN(peer.droppedAt) && Number.isNaN(peer.resyncedAt)) {
            peer.resyncedAt = nowMs();
          }
        },
        () => {},
      );
      peer.client.closed.then(() => {
        if (stopping) return;
        if (Number.isNaN(peer.droppedAt) && killedAt !== null) peer.droppedAt = nowMs();
        // The stock provider's reconnect (y-websocket 3: 100 ms × 2^failures, at most 2.5 s),
        // as a new Yjs client: what it sent the dead instance unacknowledged is not the log's.
        peer.failures = Number.isNaN(peer.client.syncedAt) ? peer.failures + 1 : 0;
        setTimeout(
          () => {
            if (stopping) return;
            peer.writer = new MapWriter("strokes");
            connect(peer);
          },
          Math.min(2 ** peer.failures * 100, 2_500),
        );
      });
    };
    for (let i = 0; i < config.clients; i++) {
      const room = i % rooms.length;
      const target = rooms[room];
      if (target === undefined) continue;
      const peer: Peer = {
        index: i,
        room,
        docName: target.docName,
        token: target.token(Math.floor(i / rooms.length)),
        client: null as unknown as RawClient,
        writer: new MapWriter("strokes"),
        sent: new Map(),
        seq: 0,
        failures: 0,
        droppedAt: Number.NaN,
        resyncedAt: Number.NaN,
      };
      peers.push(peer);
    }
    await forEachLimited(peers.length, 100, async (i) => {
      const peer = peers[i] as Peer;
      connect(peer);
      await peer.client.synced;
    });

    let writes = 0;
    const writeOnce = (peer: Peer): void => {
      if (!peer.client.isOpen) return;
      const key = `${peer.index}:${peer.seq++}`;
      const stamp = nowMs();
      if (peer.client.send(peer.writer.setFrame(key, stamp))) {
        peer.sent.set(key, Date.now());
        writes++;
      }
    };
    // Writes spread evenly over each period.
    const timers = peers.map((peer) => {
      const offset = Math.random() * config.writeEveryMs;
      let interval: ReturnType<typeof setInterval> | undefined;
      const start = setTimeout(() => {
        interval = setInterval(() => writeOnce(peer), config.writeEveryMs);
      }, offset);
      return () => {
        clearTimeout(start);
        if (interval) clearInterval(interval);
      };
    });
    await sleep(2_000); // warm-up, not counted
    measuring = true;
    const cpuBefore = front.cpuMs();
    await sleep(config.measureMs);
    measuring = false;
    const serverCpuMs = front.cpuMs() - cpuBefore;
    const measured = { latency: latency.summary(), deliveries };

    const phase: Phase = {
      instances: instanceCount,
      latency: measured.latency,
      deliveries: measured.deliveries,
      serverCpuMs,
      cpuPerDeliveryUs: (serverCpuMs * 1_000) / Math.max(1, measured.deliveries),
      writes: 0,
    };

    if (kill) {
      const owners = await pool.query<{ owner: string; n: number }>(
        "SELECT owner, count(*)::int AS n FROM event_lease WHERE owner <> '' GROUP BY owner ORDER BY n DESC",
      );
      const victimId = owners.rows[0]?.owner;
      const victimRow = await pool.query<{ url: string }>(
        "SELECT url FROM cluster_instance WHERE id = $1",
        [victimId],
      );
      const victim = instances.find((s) => s.httpBase === victimRow.rows[0]?.url);
      if (victim === undefined) throw new Error("could not find the busiest instance");
      killedAt = Date.now();
      process.kill(victim.pid, "SIGKILL");
      console.log(
        `killed instance ${victimId} (owner of ${owners.rows[0]?.n} of ${events} events) at +0 ms`,
      );
      await sleep(config.afterKillMs);
    }
    for (const stop of timers) stop();
    await sleep(1_000);
    stopping = true;
    phase.writes = writes;

    if (kill && killedAt !== null) {
      const cutoff = killedAt - DURABLE_AFTER_MS;
      const store = await PgDocStore.fromPool(pool);
      let lost = 0;
      /** How long before the kill each lost update was sent. */
      const lostAges: number[] = [];
      let interleaved = 0;
      const byDoc = new Map<string, Peer[]>();
      for (const peer of peers) byDoc.set(peer.docName, [...(byDoc.get(peer.docName) ?? []), peer]);
      for (const [docName, group] of byDoc) {
        const doc = new Y.Doc();
        Y.applyUpdate(doc, await store.stateAt(docName, killedAt));
        const strokes = doc.getMap<number>("strokes");
        for (const peer of group) {
          for (const [key, at] of peer.sent) {
            if (at < cutoff && !strokes.has(key)) {
              lost++;
              lostAges.push(killedAt - at);
            }
          }
        }
        const { rows } = await pool.query<{ fence: number | null }>(
          "SELECT fence FROM doc_log WHERE doc_name = $1 ORDER BY seq",
          [docName],
        );
        for (let i = 1; i < rows.length; i++) {
          if ((rows[i]?.fence ?? 0) < (rows[i - 1]?.fence ?? 0)) {
            interleaved++;
            break;
          }
        }
      }
      const dropped = peers.filter((p) => !Number.isNaN(p.droppedAt));
      const resync = dropped
        .filter((p) => !Number.isNaN(p.resyncedAt))
        .map((p) => p.resyncedAt - p.droppedAt);
      phase.lostAcknowledged = lost;
      phase.lostOldestMs = lostAges.length === 0 ? 0 : Math.max(...lostAges);
      phase.disconnected = dropped.length;
      phase.stillDown = dropped.length - resync.length;
      phase.resyncMs = summarize(Float64Array.from(resync));
      const sorted = [...resync].sort((a, b) => a - b);
      phase.resyncP95Ms = sorted[Math.max(0, Math.ceil(sorted.length * 0.95) - 1)] ?? Number.NaN;
      phase.docsCheckedForOwners = byDoc.size;
      phase.docsWithInterleavedOwners = interleaved;
    }
    return phase;
  } finally {
    for (const peer of peers) peer.client?.close().catch(() => {});
    await sleep(200);
    await balancer?.close();
    await Promise.all(instances.map((s) => s.stop().catch(() => null)));
    await pool.end();
    await dropTestSchema(schema);
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  }
}

function fmt(n: number | undefined, digits = 1): string {
  return n === undefined || Number.isNaN(n) ? "n/a" : n.toFixed(digits);
}

const machine = describeMachine();
console.log(machineLine(machine));
console.log(`config: ${JSON.stringify(config)}`);
const single = await runPhase(1, false);
console.log(
  `single instance: fanout p50 ${fmt(single.latency.p50)} p99 ${fmt(single.latency.p99)} ms, ${single.deliveries} deliveries, CPU ${fmt(single.cpuPerDeliveryUs, 2)} µs/delivery`,
);
const cluster = await runPhase(3, true);
console.log(
  `three instances: fanout p50 ${fmt(cluster.latency.p50)} p99 ${fmt(cluster.latency.p99)} ms, ${cluster.deliveries} deliveries, CPU ${fmt(cluster.cpuPerDeliveryUs, 2)} µs/delivery (all instances)`,
);
const resyncP95 = cluster.resyncP95Ms ?? Number.NaN;
console.log(
  `kill: ${cluster.disconnected} clients disconnected, resync p50 ${fmt(cluster.resyncMs?.p50, 0)} p95 ${fmt(resyncP95, 0)} max ${fmt(cluster.resyncMs?.max, 0)} ms, still down ${cluster.stillDown}; acknowledged updates lost: ${cluster.lostAcknowledged} (oldest sent ${cluster.lostOldestMs} ms before the kill); docs with interleaved owners: ${cluster.docsWithInterleavedOwners}/${cluster.docsCheckedForOwners}`,
);
const checks = [
  { target: "0 acknowledged updates lost", pass: cluster.lostAcknowledged === 0 },
  { target: "every disconnected client resynced", pass: cluster.stillDown === 0 },
  { target: "p95 time to resync <= 3 s", pass: resyncP95 <= 3_000 },
  {
    target: "no doc with two owners interleaved in its log",
    pass: cluster.docsWithInterleavedOwners === 0,
  },
];
for (const c of checks) console.log(`${c.pass ? "pass" : "FAIL"}  ${c.target}`);
const date = new Date().toISOString();
const file = join(
  RESULTS_DIR,
  `${date.replace(/[:.]/g, "-")}-cluster${quick ? "-quick" : ""}.json`,
);
await writeFile(
  file,
  `${JSON.stringify({ date, machine, config, single, cluster, checks }, null, 2)}\n`,
);
console.log(`results: ${file}`);
process.exit(0);

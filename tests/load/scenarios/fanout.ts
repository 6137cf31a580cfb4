import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { atMostRatio, bound } from "../lib/checks";
import { nowMs, sleep } from "../lib/clock";
import { LatencyRecorder, type LatencySummary } from "../lib/LatencyRecorder";
import { launch } from "../lib/launch";
import { MapWriter } from "../lib/MapWriter";
import { type PhaseCost, startPhase, withTempDir } from "../lib/measure";
import { forEachLimited } from "../lib/provision";
import { RawClient } from "../lib/RawClient";
import type { RunMetrics } from "../lib/report";
import type { Scenario } from "../lib/Scenario";
import type { ServerKind } from "../lib/servers";
import { isStamp, type Stamp } from "../lib/stamp";
import { forEachInsertedValue } from "../lib/updateValues";

type FanoutConfig = {
  rooms: number;
  clientsPerRoom: number;
  hz: number;
  seconds: number;
  /**
   * Sending before the measured window, the same for every server: the first second of a fresh
   * process (JIT, first SQLite statements, socket buffers) stalls either server by 10–150 ms,
   * which alone could decide a p99. Its latencies are reported on their own line.
   */
  warmupSeconds: number;
  /** Time after the last send for deliveries to arrive before counting what is missing. */
  settleMs: number;
  /**
   * Runs of each server, interleaved with the other's; the latency percentiles pool every run's
   * samples. A 20 s p99 on a shared 2-core machine is decided by a handful of stalls (of either
   * process, or of the host), so one run apiece ranked the two servers by chance.
   */
  repeats: number;
};

const samplesFiles = new Map<ServerKind, number>();

/** 1, 2, 3, …: one samples file per run of a server. */
function nextSamplesFile(kind: ServerKind): number {
  const n = (samplesFiles.get(kind) ?? 0) + 1;
  samplesFiles.set(kind, n);
  return n;
}

/** The latency figures of the measured phase and of the warm-up before it. */
function latencyFigures(measured: LatencySummary, warmup: LatencySummary): Record<string, number> {
  return {
    p50: measured.p50,
    p99: measured.p99,
    max: measured.max,
    warmupP99: warmup.p99,
    warmupMax: warmup.max,
  };
}

/** Each run's raw latencies, to pool repeated runs (not written to the results). */
const rawLatencies = new WeakMap<RunMetrics, { measured: Float64Array; warmup: Float64Array }>();

interface Peer {
  index: number;
  room: number;
  client: RawClient;
  writer: MapWriter;
  sent: number;
  nextSendAt: number;
  /** `sender:seq` of every entry received from others. */
  received: Set<number>;
}

/** Length of the uncounted run that warms the load generator before repeated runs. */
const GENERATOR_WARM_UP_SECONDS = 5;

/** How often the send loop wakes to send whatever is due. */
const SEND_TICK_MS = 5;

async function run(kind: ServerKind, config: FanoutConfig): Promise<RunMetrics> {
  return withTempDir(async (dataDir) => {
    const total = config.rooms * config.clientsPerRoom;
    const { server, access, notes } = await launch(kind, dataDir, {
      docs: config.rooms,
      participants: total,
      label: "fanout",
    });
    try {
      const latency = new LatencyRecorder();
      const warmupLatency = new LatencyRecorder();
      // FANOUT_SAMPLES_DIR=<dir>: every delivery, warm-up included, as [arrival ms since sending
      // began, latency, room], with when sending began on the monotonic clock (that of a server's
      // `--cpu-prof` timestamps) and when the measured phase began; one JSON file per run. To see
      // whether a tail is spread out or a few stalls, and to line stalls up with a server profile.
      const samplesDir = process.env.FANOUT_SAMPLES_DIR;
      const samples: number[][] = [];
      let sendStart = 0;
      let sendStartMonotonicMs = 0;
      let phaseStart = Number.POSITIVE_INFINITY;
      let measuring = false;
      const peers: Peer[] = [];
      await forEachLimited(total, 50, async (index) => {
        const room = index % config.rooms;
        const peer: Peer = {
          index,
          room,
          writer: new MapWriter("fanout"),
          sent: 0,
          nextSendAt: 0,
          received: new Set(),
          client: new RawClient(server.syncUrl(access.docNames[room] ?? "", access.token(index)), {
            onUpdate(update, initial) {
              if (initial || !measuring) return;
              const at = nowMs();
              forEachInsertedValue(update, (value) => {
                if (!isStamp(value) || value.c === index) return;
                const id = value.c * 1_000_000 + value.q;
                if (peer.received.has(id)) return;
                peer.received.add(id);
                if (samplesDir) samples.push([at - sendStart, at - value.t, room]);
                if (value.t < phaseStart) {
                  warmupLatency.add(at - value.t);
                  return;
                }
                latency.add(at - value.t);
              });
            },
          }),
        };
        peers[index] = peer;
        await peer.client.synced;
      });

      const periodMs = 1000 / config.hz;
      const warmupStart = nowMs();
      sendStart = warmupStart;
      sendStartMonotonicMs = Number(process.hrtime.bigint() / 1000n) / 1000;
      for (const peer of peers) peer.nextSendAt = warmupStart + Math.random() * periodMs;
      const start = warmupStart + config.warmupSeconds * 1000;
      const endSendingAt = start + config.seconds * 1000;
      measuring = true;
      let finish: (() => PhaseCost) | null = null;
      while (nowMs() < endSendingAt) {
        const now = nowMs();
        if (finish === null && now >= start) {
          phaseStart = now;
          finish = startPhase(server);
        }
        for (const peer of peers) {
          if (peer.nextSendAt > now) continue;
          const stamp: Stamp = { t: nowMs(), c: peer.index, q: peer.sent };
          peer.client.send(peer.writer.setFrame(`${peer.index}:${peer.sent}`, stamp));
          peer.sent++;
          peer.nextSendAt += periodMs;
        }
        await sleep(SEND_TICK_MS);
      }
      // Wait for stragglers, but stop as soon as everything has arrived.
      const expected = peers.reduce((sum, p) => sum + p.sent * (config.clientsPerRoom - 1), 0);
      const delivered = (): number => peers.reduce((sum, p) => sum + p.received.size, 0);
      const settleUntil = nowMs() + config.settleMs;
      while (delivered() < expected && nowMs() < settleUntil) await sleep(20);
      const cost = (finish ?? startPhase(server))();
      measuring = false;
      const got = delivered();
      const closedEarly = peers.filter((p) => !p.client.isOpen).length;
      const sent = peers.reduce((sum, p) => sum + p.sent, 0);
      const summary = latency.summary();
      const warmup = warmupLatency.summary();
      if (samplesDir)
        writeFileSync(
          join(samplesDir, `fanout-${kind}-${nextSamplesFile(kind)}.json`),
          JSON.stringify({ sendStartMonotonicMs, measuredFromMs: phaseStart - sendStart, samples }),
        );
      await Promise.all(peers.map((p) => p.client.close()));
      const metrics: RunMetrics = {
        values: {
          ...latencyFigures(summary, warmup),
          sent,
          expected,
          delivered: got,
          missing: expected - got,
          deliveriesPerSecond: got / config.seconds,
          closedEarly,
        },
        ...cost,
        serverPeakRssMb: server.peakRssMb(),
        notes: [
          ...notes,
          `latency = send → arrival at each other peer of the room (${summary.count} samples in the measured ${config.seconds} s, after ${config.warmupSeconds} s of the same load not counted: ${warmup.count} samples, reported as "warm-up")`,
          ...(kind === "ours" ? ["history log on: SQLite in a temp DATA_DIR"] : []),
        ],
      };
      rawLatencies.set(metrics, { measured: latency.values(), warmup: warmupLatency.values() });
      return metrics;
    } finally {
      await server.stop();
    }
  });
}

/** Repeated runs of one server as one: percentiles over the pooled samples, counts summed. */
function combine(runs: readonly RunMetrics[], config: FanoutConfig): RunMetrics {
  const measured = new LatencyRecorder();
  const warmupLatency = new LatencyRecorder();
  for (const run of runs) {
    const raw = rawLatencies.get(run);
    if (raw === undefined) throw new Error("fanout: a run without its latency samples");
    measured.addAll(raw.measured);
    warmupLatency.addAll(raw.warmup);
  }
  const summary = measured.summary();
  const warmup = warmupLatency.summary();
  const sum = (key: string): number => runs.reduce((t, r) => t + (r.values[key] ?? Number.NaN), 0);
  const mean = (of: (run: RunMetrics) => number): number =>
    runs.reduce((t, r) => t + of(r), 0) / runs.length;
  const highest = (of: (run: RunMetrics) => number): number => Math.max(...runs.map(of));
  return {
    values: {
      ...latencyFigures(summary, warmup),
      sent: sum("sent"),
      expected: sum("expected"),
      delivered: sum("delivered"),
      missing: sum("missing"),
      deliveriesPerSecond: mean((r) => r.values.deliveriesPerSecond ?? Number.NaN),
      closedEarly: sum("closedEarly"),
    },
    serverCpuMs: mean((r) => r.serverCpuMs),
    serverPeakRssMb: highest((r) => r.serverPeakRssMb),
    generatorCpuMs: mean((r) => r.generatorCpuMs),
    phaseMs: mean((r) => r.phaseMs),
    serverProbeP99Ms: mean((r) => r.serverProbeP99Ms ?? Number.NaN),
    serverProbeMaxMs: highest((r) => r.serverProbeMaxMs ?? Number.NaN),
    notes: [
      ...(runs[0]?.notes ?? []),
      `${runs.length} runs of ${config.seconds} s, each on a fresh server, interleaved with the other server's runs: latency percentiles over all ${summary.count} samples pooled, counts summed; CPU, probe p99, deliveries/s and phase are per-run means, peak RSS and probe max the highest run`,
    ],
  };
}

export const fanout: Scenario<FanoutConfig> = {
  name: "fanout",
  description: "rooms × clients writing small map entries; send → apply latency at every peer",
  config: (quick) =>
    quick
      ? {
          rooms: 4,
          clientsPerRoom: 5,
          hz: 2,
          seconds: 4,
          warmupSeconds: 1,
          settleMs: 3_000,
          repeats: 1,
        }
      : {
          rooms: 20,
          clientsPerRoom: 10,
          hz: 2,
          seconds: 20,
          warmupSeconds: 2,
          settleMs: 5_000,
          repeats: 3,
        },
  metrics: [
    { key: "p50", label: "latency p50", unit: "ms", better: "lower" },
    { key: "p99", label: "latency p99", unit: "ms", better: "lower" },
    { key: "max", label: "latency max", unit: "ms", better: "lower" },
    { key: "warmupP99", label: "warm-up latency p99 (not counted)", unit: "ms", better: "lower" },
    { key: "warmupMax", label: "warm-up latency max (not counted)", unit: "ms", better: "lower" },
    { key: "sent", label: "updates sent", unit: "", better: "none" },
    { key: "expected", label: "deliveries expected", unit: "", better: "none" },
    { key: "missing", label: "deliveries missing", unit: "", better: "lower" },
    { key: "deliveriesPerSecond", label: "deliveries", unit: "/s", better: "higher" },
    { key: "closedEarly", label: "sockets closed early", unit: "", better: "lower" },
  ],
  run,
  repeats: (config) => config.repeats,
  generatorWarmUp: (config) =>
    config.repeats > 1 ? { ...config, seconds: GENERATOR_WARM_UP_SECONDS, repeats: 1 } : undefined,
  combine,
  checks: (_config, ours, reference) => [
    bound("0 deliveries missing", "missing", "<=", 0, "", ours, reference),
    bound("no socket closed", "closedEarly", "<=", 0, "", ours, reference),
    atMostRatio("latency p99", "p99", 1, ours, reference),
    // Issue 11: the server's memory under fanout.
    atMostRatio("server peak RSS", "serverPeakRssMb", 1.2, ours, reference),
  ],
};

import { atMostRatio, bound } from "../lib/checks";
import { nowMs, sleep } from "../lib/clock";
import { encodeAwarenessFrame, forEachAwarenessEntry } from "../lib/frames";
import { LatencyRecorder } from "../lib/LatencyRecorder";
import { launch } from "../lib/launch";
import { startPhase, withTempDir } from "../lib/measure";
import { forEachLimited } from "../lib/provision";
import { RawClient } from "../lib/RawClient";
import type { RunMetrics } from "../lib/report";
import type { Scenario } from "../lib/Scenario";
import type { ServerKind } from "../lib/servers";

type AwarenessConfig = {
  clients: number;
  hz: number;
  seconds: number;
  /** Time after the last move for the last states to arrive. */
  settleMs: number;
};

const SEND_TICK_MS = 5;
const STAMP_KEY = '"t":';

/**
 * The send time a state carries as its last field (`…,"t":<ms>}`); read without JSON.parse, as
 * this runs for every state every client receives. NaN for a state without one (e.g. null).
 */
function sentAt(stateJson: string): number {
  const at = stateJson.lastIndexOf(STAMP_KEY);
  if (at === -1) return Number.NaN;
  return Number(stateJson.slice(at + STAMP_KEY.length, stateJson.length - 1));
}

interface Mover {
  index: number;
  awarenessId: number;
  clock: number;
  nextSendAt: number;
  client: RawClient;
}

async function run(kind: ServerKind, config: AwarenessConfig): Promise<RunMetrics> {
  return withTempDir(async (dataDir) => {
    const { server, access, notes } = await launch(kind, dataDir, {
      docs: 1,
      participants: config.clients,
      label: "awareness",
    });
    try {
      const docName = access.docNames[0] ?? "";
      const latency = new LatencyRecorder();
      let measuring = false;
      let sent = 0;
      const movers: Mover[] = [];
      await forEachLimited(config.clients, 25, async (index) => {
        // Yjs client ids are random 32-bit numbers; these are distinct by construction.
        const awarenessId = 1_000_000 + index * 7_919 + Math.floor(Math.random() * 7_000);
        const mover: Mover = {
          index,
          awarenessId,
          clock: 0,
          nextSendAt: 0,
          client: new RawClient(server.syncUrl(docName, access.token(index)), {
            onAwareness(payload) {
              if (!measuring) return;
              const at = nowMs();
              forEachAwarenessEntry(payload, (clientId, _clock, stateJson) => {
                if (clientId === awarenessId) return;
                const t = sentAt(stateJson);
                if (!Number.isNaN(t)) latency.add(at - t);
              });
            },
          }),
        };
        movers[index] = mover;
        await mover.client.synced;
      });

      const periodMs = 1000 / config.hz;
      const start = nowMs();
      for (const m of movers) m.nextSendAt = start + Math.random() * periodMs;
      const finish = startPhase(server);
      measuring = true;
      const endAt = start + config.seconds * 1000;
      while (nowMs() < endAt) {
        const now = nowMs();
        for (const m of movers) {
          if (m.nextSendAt > now) continue;
          const x = Math.round(500 + 400 * Math.sin(now / 700 + m.index));
          const y = Math.round(400 + 300 * Math.cos(now / 900 + m.index));
          const state = `{"user":{"name":"p${m.index}","color":"#3182ce"},"cursor":{"x":${x},"y":${y}},"t":${nowMs()}}`;
          m.client.send(encodeAwarenessFrame(m.awarenessId, ++m.clock, state));
          sent++;
          m.nextSendAt += periodMs;
        }
        await sleep(SEND_TICK_MS);
      }
      await sleep(config.settleMs);
      const cost = finish();
      measuring = false;
      const closedEarly = movers.filter((m) => !m.client.isOpen).length;
      await Promise.all(movers.map((m) => m.client.close()));
      const summary = latency.summary();
      const possible = sent * (config.clients - 1);
      return {
        values: {
          p50: summary.p50,
          p99: summary.p99,
          max: summary.max,
          sent,
          arrivals: summary.count,
          arrivalPct: (100 * summary.count) / possible,
          closedEarly,
        },
        ...cost,
        serverPeakRssMb: server.peakRssMb(),
        notes: [
          ...notes,
          "arrivals < 100 % is expected from a server that coalesces awareness (only the latest state of each client is relayed)",
        ],
      };
    } finally {
      await server.stop();
    }
  });
}

export const awareness: Scenario<AwarenessConfig> = {
  name: "awareness",
  description: "clients in one room moving cursors; awareness send → arrival latency, server CPU",
  config: (quick) =>
    quick
      ? { clients: 10, hz: 20, seconds: 3, settleMs: 500 }
      : { clients: 50, hz: 20, seconds: 20, settleMs: 1_000 },
  metrics: [
    { key: "p50", label: "latency p50", unit: "ms", better: "lower" },
    { key: "p99", label: "latency p99", unit: "ms", better: "lower" },
    { key: "max", label: "latency max", unit: "ms", better: "lower" },
    { key: "sent", label: "states sent", unit: "", better: "none" },
    { key: "arrivals", label: "states arrived (other clients)", unit: "", better: "none" },
    { key: "arrivalPct", label: "arrived of sent × (clients − 1)", unit: "%", better: "none" },
    { key: "closedEarly", label: "sockets closed early", unit: "", better: "lower" },
  ],
  run,
  checks: (_config, ours, reference) => [
    bound("latency p99", "p99", "<=", 100, "ms", ours, reference),
    atMostRatio("server CPU", "serverCpuMs", 0.6, ours, reference),
    // Issue 11: presence relayed as soon as the reference relays it, at well under its CPU.
    atMostRatio("latency p99 vs reference", "p99", 1, ours, reference),
    atMostRatio("server CPU (issue 11)", "serverCpuMs", 0.4, ours, reference),
    bound("no socket closed", "closedEarly", "<=", 0, "", ours, reference),
  ],
};

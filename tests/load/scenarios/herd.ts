import { atMostRatio, bound } from "../lib/checks";
import { sleep } from "../lib/clock";
import { countRecordsPerDoc, prefillDocs } from "../lib/content";
import { Herd } from "../lib/Herd";
import { launch } from "../lib/launch";
import { startPhase, withTempDir } from "../lib/measure";
import { readListenOverflows } from "../lib/netstat";
import { assertOpenFiles } from "../lib/openFilesLimit";
import type { RunMetrics } from "../lib/report";
import type { Scenario } from "../lib/Scenario";
import type { ServerKind } from "../lib/servers";

type HerdConfig = {
  clients: number;
  docs: number;
  /** Shape-like records prefilled into every doc. */
  records: number;
};

async function run(kind: ServerKind, config: HerdConfig): Promise<RunMetrics> {
  // Old and new sockets overlap during the switch.
  assertOpenFiles(config.clients * 2);
  return withTempDir(async (dataDir) => {
    const { server, access, notes } = await launch(kind, dataDir, {
      docs: config.docs,
      participants: config.clients,
      label: "herd",
    });
    try {
      // One participant per doc writes and checks it: one shared token would hit the
      // per-participant message limit across 200 docs.
      const writerUrls = access.docNames.map((name, i) => server.syncUrl(name, access.token(i)));
      await prefillDocs(writerUrls, writerUrls, config.records);

      const herd = new Herd(server, access);
      const seats = Array.from({ length: config.clients }, (_, i) => i % config.docs);
      await herd.connectGradually(seats);
      await sleep(1_000);

      // Everyone moves one table on, as in a café round: every doc empties and refills at once.
      const next = seats.map((doc) => (doc + 1) % config.docs);
      const overflowsBefore = readListenOverflows();
      const finish = startPhase(server);
      const result = await herd.switchAll(next);
      const cost = finish();
      const listenOverflows = readListenOverflows() - overflowsBefore;
      await sleep(500);
      const droppedAfterSync = herd.countClosed();

      const counts = await countRecordsPerDoc(writerUrls, config.records);
      const intact = counts.filter((n) => n === config.records).length;
      await herd.closeAll();
      const reasons = Object.entries(result.failureReasons).map(([r, n]) => `${n}× ${r}`);
      return {
        values: {
          timeToAllSyncedMs: result.timeToAllSyncedMs,
          syncedPct: (100 * result.synced) / result.clients,
          failures: result.failures,
          droppedAfterSync,
          perClientP50: result.perClient.p50,
          perClientP99: result.perClient.p99,
          docsIntact: intact,
          docsDamaged: config.docs - intact,
          cpuPerSwitchMs: cost.serverCpuMs / config.clients,
          listenOverflows,
        },
        ...cost,
        serverPeakRssMb: server.peakRssMb(),
        notes: [
          ...notes,
          "accept-queue overflows: kernel ListenOverflows during the switch (machine-wide); each one costs its client a 1–3 s SYN retransmit",
          `switch phase = all ${config.clients} clients close and reopen on the next doc at once, until the last synced`,
          ...(reasons.length > 0 ? [`failures: ${reasons.join("; ")}`] : []),
          ...(intact < config.docs
            ? [
                `damaged docs (records found): ${counts
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
      await server.stop();
    }
  });
}

export const herd: Scenario<HerdConfig> = {
  name: "herd",
  description:
    "all clients switch docs at once (close + reopen); time to 100 % synced, content intact",
  config: (quick) =>
    quick ? { clients: 200, docs: 20, records: 20 } : { clients: 2_000, docs: 200, records: 50 },
  metrics: [
    { key: "timeToAllSyncedMs", label: "time to 100 % synced", unit: "ms", better: "lower" },
    { key: "syncedPct", label: "synced", unit: "%", better: "higher" },
    { key: "failures", label: "failures", unit: "", better: "lower" },
    { key: "droppedAfterSync", label: "dropped after sync", unit: "", better: "lower" },
    { key: "perClientP50", label: "per-client sync p50", unit: "ms", better: "lower" },
    { key: "perClientP99", label: "per-client sync p99", unit: "ms", better: "lower" },
    { key: "docsIntact", label: "docs with all content", unit: "", better: "higher" },
    { key: "docsDamaged", label: "docs missing content", unit: "", better: "lower" },
    { key: "cpuPerSwitchMs", label: "server CPU per switch", unit: "ms", better: "lower" },
    { key: "listenOverflows", label: "accept-queue overflows", unit: "", better: "lower" },
  ],
  run,
  checks: (config, ours, reference) => [
    bound("100 % synced", "syncedPct", ">=", 100, "%", ours, reference),
    bound("0 failures", "failures", "<=", 0, "", ours, reference),
    bound(
      `content intact (${config.docs} docs)`,
      "docsDamaged",
      "<=",
      0,
      "docs damaged",
      ours,
      reference,
    ),
    atMostRatio("time to 100 % synced", "timeToAllSyncedMs", 1, ours, reference),
    atMostRatio("server CPU per switch", "cpuPerSwitchMs", 0.75, ours, reference),
  ],
};

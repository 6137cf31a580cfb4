import * as Y from "yjs";
import { atMostRatio, bound } from "../lib/checks";
import { prefillDocs } from "../lib/content";
import { fmt } from "../lib/format";
import { LatencyRecorder } from "../lib/LatencyRecorder";
import { launch } from "../lib/launch";
import { startPhase, withTempDir } from "../lib/measure";
import { RawClient } from "../lib/RawClient";
import { countIntactRecords } from "../lib/records";
import type { RunMetrics } from "../lib/report";
import type { Scenario } from "../lib/Scenario";
import { type RunningServer, type ServerKind, startServer } from "../lib/servers";

type ColdloadConfig = {
  /** Shape-like records in the doc (each a nested Y.Map of a few fields). */
  records: number;
  /** Fresh clients measured after the first (cold) one. */
  warmClients: number;
};

const SYNC_TIMEOUT_MS = 60_000;

interface Joined {
  client: RawClient;
  syncMs: number;
  stateBytes: number;
  /** Intact records in the state the client received (only counted when asked). */
  intact: number;
}

/** Opens a fresh client, times connect → sync step 2, optionally checks the records it got. */
async function join(url: string, records: number, check: boolean): Promise<Joined> {
  let state: Uint8Array = new Uint8Array();
  const client = new RawClient(url, {
    onUpdate(update, initial) {
      if (initial) state = update;
    },
  });
  const timeout = setTimeout(() => client.close(), SYNC_TIMEOUT_MS);
  try {
    const syncMs = await client.synced;
    let intact = Number.NaN;
    if (check) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, state);
      intact = countIntactRecords(doc, records);
      doc.destroy();
    }
    return { client, syncMs, stateBytes: state.byteLength, intact };
  } finally {
    clearTimeout(timeout);
  }
}

async function run(kind: ServerKind, config: ColdloadConfig): Promise<RunMetrics> {
  return withTempDir(async (dataDir) => {
    const launched = await launch(kind, dataDir, {
      docs: 1,
      participants: config.warmClients + 1,
      label: "coldload",
    });
    const { access } = launched;
    let server: RunningServer = launched.server;
    const clients: RawClient[] = [];
    try {
      const docName = access.docNames[0] ?? "";
      const writerUrl = server.syncUrl(docName, access.writerToken);
      await prefillDocs([writerUrl], [writerUrl], config.records);
      const notes = [...launched.notes];
      let restartMs = Number.NaN;
      let exitCode = Number.NaN;
      if (kind === "ours") {
        const began = Date.now();
        exitCode = (await server.stop()) ?? Number.NaN;
        server = await startServer({ kind, dataDir, env: launched.env, port: server.port });
        restartMs = Date.now() - began;
        notes.push(
          "ours: restarted (SIGTERM, start on the same DATA_DIR); the first client loads from SQLite",
        );
      } else {
        notes.push(
          "reference: in memory, no persistence; 'restart' = the doc was loaded once by a writer client that left; the first client is not truly cold",
        );
      }
      const url = (i: number): string => server.syncUrl(docName, access.token(i));
      let first: Joined;
      try {
        first = await join(url(0), config.records, true);
      } catch (error) {
        // Tokens signed before the restart may be refused if the secret is not persisted.
        if (access.mode !== "api") throw error;
        notes.push(`first join after restart failed (${String(error)}); tokens re-issued`);
        await access.refresh(server);
        first = await join(url(0), config.records, true);
      }
      clients.push(first.client);

      const warm = new LatencyRecorder();
      let warmIntact = Number.NaN;
      const finish = startPhase(server);
      for (let i = 1; i <= config.warmClients; i++) {
        const joined = await join(url(i), config.records, i === 1);
        if (i === 1) warmIntact = joined.intact;
        clients.push(joined.client);
        warm.add(joined.syncMs);
      }
      const cost = finish();
      const summary = warm.summary();
      return {
        values: {
          coldMs: first.syncMs,
          warmP50: summary.p50,
          warmMax: summary.max,
          stateKb: first.stateBytes / 1024,
          recordsCold: first.intact,
          recordsWarm: warmIntact,
          restartMs,
          exitCode,
        },
        ...cost,
        serverPeakRssMb: server.peakRssMb(),
        notes: [
          ...notes,
          `warm = ${config.warmClients} fresh clients one after another, earlier ones still connected; CPU = warm phase`,
        ],
      };
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      await server.stop();
    }
  });
}

export const coldload: Scenario<ColdloadConfig> = {
  name: "coldload",
  description:
    "a 10,000-record doc; restart; time for new clients' full sync (cold first, then warm)",
  config: (quick) =>
    quick ? { records: 2_000, warmClients: 5 } : { records: 10_000, warmClients: 15 },
  metrics: [
    { key: "coldMs", label: "first client full sync (cold)", unit: "ms", better: "lower" },
    { key: "warmP50", label: "fresh client full sync p50 (warm)", unit: "ms", better: "lower" },
    { key: "warmMax", label: "fresh client full sync max (warm)", unit: "ms", better: "lower" },
    { key: "stateKb", label: "state sent to a new client", unit: "KiB", better: "lower" },
    { key: "recordsCold", label: "records intact (cold client)", unit: "", better: "higher" },
    { key: "recordsWarm", label: "records intact (warm client)", unit: "", better: "higher" },
    { key: "restartMs", label: "restart (stop + ready)", unit: "ms", better: "lower" },
    { key: "exitCode", label: "exit code on SIGTERM", unit: "", better: "none" },
  ],
  run,
  checks: (config, ours, reference) => [
    bound(
      `all ${fmt(config.records)} records after restart`,
      "recordsCold",
      ">=",
      config.records,
      "",
      ours,
      reference,
    ),
    bound("SIGTERM exits 0", "exitCode", "<=", 0, "", ours, reference),
    atMostRatio("full-sync p50 (warm)", "warmP50", 1, ours, reference),
  ],
};

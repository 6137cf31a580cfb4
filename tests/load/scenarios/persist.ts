import * as Y from "yjs";
import { bound } from "../lib/checks";
import { nowMs, sleep } from "../lib/clock";
import { LIFTED_RATE_LIMITS, launch } from "../lib/launch";
import { countLogRows } from "../lib/logRows";
import { MapWriter } from "../lib/MapWriter";
import { startPhase, waitUntil, withTempDir } from "../lib/measure";
import { RawClient } from "../lib/RawClient";
import type { RunMetrics } from "../lib/report";
import type { Scenario } from "../lib/Scenario";
import type { ServerKind } from "../lib/servers";

type PersistConfig = {
  docs: number;
  /**
   * Writers per doc. One by default: every update is then relayed only to the doc's observer,
   * so the load generator receives one frame per update instead of one per writer.
   */
  sendersPerDoc: number;
  seconds: number;
  /** Updates a sender may have in flight (sent, not yet seen relayed by its doc's observer). */
  window: number;
};

interface Sender {
  client: RawClient;
  writer: MapWriter;
  sent: number;
  /** Updates of this sender the observer has seen (its Yjs clock there). */
  acked: number;
}

/** Sends until the window is full; the observer's acks call it again. */
function pump(sender: Sender, window: number, active: () => boolean): void {
  while (active() && sender.sent - sender.acked < window && sender.client.isOpen) {
    sender.client.send(sender.writer.setFrame("k", sender.sent));
    sender.sent++;
  }
}

async function run(kind: ServerKind, config: PersistConfig): Promise<RunMetrics> {
  return withTempDir(async (dataDir) => {
    const senderCount = config.docs * config.sendersPerDoc;
    // Measures how fast the log takes updates, not the per-participant limits: lift them.
    const { server, access, notes } = await launch(
      kind,
      dataDir,
      { docs: config.docs, participants: senderCount + config.docs, label: "persist" },
      { ...LIFTED_RATE_LIMITS },
    );
    let serverStopped = false;
    try {
      let active = false;
      const bySenderId = new Map<number, Sender>();
      const senders: Sender[] = [];
      const observers: RawClient[] = [];
      for (let d = 0; d < config.docs; d++) {
        const docName = access.docNames[d] ?? "";
        const group: Sender[] = [];
        const observer = new RawClient(server.syncUrl(docName, access.token(senderCount + d)), {
          onUpdate(update, initial) {
            if (initial) return;
            // Each update advances its sender's clock by one; the relayed `to` clock is the ack.
            const { to } = Y.parseUpdateMeta(update);
            for (const [clientId, clock] of to) {
              const sender = bySenderId.get(clientId);
              if (sender && clock > sender.acked) {
                sender.acked = clock;
                pump(sender, config.window, () => active);
              }
            }
          },
        });
        observers.push(observer);
        await observer.synced;
        for (let s = 0; s < config.sendersPerDoc; s++) {
          const index = d * config.sendersPerDoc + s;
          const sender: Sender = {
            client: new RawClient(server.syncUrl(docName, access.token(index))),
            writer: new MapWriter(`s${index}`),
            sent: 0,
            acked: 0,
          };
          bySenderId.set(sender.writer.clientId, sender);
          group.push(sender);
          senders.push(sender);
        }
        await Promise.all(group.map((s) => s.client.synced));
      }

      const finish = startPhase(server);
      const fromMs = Date.now();
      active = true;
      for (const sender of senders) pump(sender, config.window, () => active);
      const endAt = nowMs() + config.seconds * 1000;
      // The acks keep the senders going; this loop only restarts a sender whose window drained.
      while (nowMs() < endAt) {
        await sleep(50);
        for (const sender of senders) pump(sender, config.window, () => active);
      }
      active = false;
      const toMs = Date.now();
      const cost = finish();
      const ackedInPhase = senders.reduce((sum, s) => sum + s.acked, 0);
      await waitUntil(() => senders.every((s) => s.acked >= s.sent), 10_000);
      const sent = senders.reduce((sum, s) => sum + s.sent, 0);
      const acked = senders.reduce((sum, s) => sum + s.acked, 0);
      const closedEarly = [...senders.map((s) => s.client), ...observers].filter(
        (c) => !c.isOpen,
      ).length;
      await Promise.all([
        ...senders.map((s) => s.client.close()),
        ...observers.map((o) => o.close()),
      ]);
      const serverPeakRssMb = server.peakRssMb();
      const exitCode = await server.stop();
      serverStopped = true;

      const rowNotes: string[] = [];
      const values: Record<string, number> = {
        appliedPerSecond: ackedInPhase / (cost.phaseMs / 1000),
        cpuPerUpdateUs: (cost.serverCpuMs * 1000) / ackedInPhase,
        sent,
        unacknowledged: sent - acked,
        closedEarly,
        rowsPerSecond: Number.NaN,
        minRowsPerSecond: Number.NaN,
        rowsTotal: Number.NaN,
        exitCode: exitCode ?? Number.NaN,
      };
      if (kind === "ours") {
        const rows = countLogRows(dataDir, access.docNames, fromMs, toMs);
        values.rowsPerSecond = rows.inWindow / ((toMs - fromMs) / 1000);
        values.minRowsPerSecond = Math.min(...rows.perSecond);
        values.rowsTotal = rows.total;
        rowNotes.push(`log rows per second of the window: ${rows.perSecond.join(" ")}`);
      }
      return {
        values,
        ...cost,
        serverPeakRssMb,
        notes: [
          ...notes,
          `${senderCount} senders over ${config.docs} docs, ≤ ${config.window} updates in flight each (acked when the doc's observer sees them relayed); per-participant rate limits lifted`,
          kind === "ours"
            ? "rows = doc_log rows with server time in the send window, read from SQLite after SIGTERM; min = slowest whole second"
            : "reference: no log (rows n/a); applied = updates relayed to observers per second",
          ...rowNotes,
        ],
      };
    } finally {
      if (!serverStopped) await server.stop();
    }
  });
}

export const persist: Scenario<PersistConfig> = {
  name: "persist",
  description:
    "clients stream small updates as fast as the server takes them; log rows appended per second",
  config: (quick) =>
    quick
      ? { docs: 4, sendersPerDoc: 1, seconds: 3, window: 128 }
      : { docs: 50, sendersPerDoc: 1, seconds: 30, window: 512 },
  metrics: [
    { key: "rowsPerSecond", label: "log rows appended", unit: "/s", better: "higher" },
    { key: "minRowsPerSecond", label: "log rows, slowest second", unit: "/s", better: "higher" },
    { key: "rowsTotal", label: "log rows in total", unit: "", better: "none" },
    { key: "appliedPerSecond", label: "updates applied + relayed", unit: "/s", better: "higher" },
    { key: "cpuPerUpdateUs", label: "server CPU per applied update", unit: "µs", better: "lower" },
    { key: "sent", label: "updates sent", unit: "", better: "none" },
    { key: "unacknowledged", label: "updates never relayed", unit: "", better: "lower" },
    { key: "closedEarly", label: "sockets closed early", unit: "", better: "lower" },
    { key: "exitCode", label: "exit code on SIGTERM", unit: "", better: "none" },
  ],
  run,
  checks: (_config, ours, reference) => [
    bound("log rows appended", "rowsPerSecond", ">=", 20_000, "/s", ours, reference),
    bound("slowest second of the log", "minRowsPerSecond", ">=", 20_000, "/s", ours, reference),
    bound("no update lost", "unacknowledged", "<=", 0, "", ours, reference),
  ],
};

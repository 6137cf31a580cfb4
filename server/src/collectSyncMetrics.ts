import type { SyncMetrics } from "@tablecloth/sync";
import type { MetricFamily } from "./renderPrometheus";
import type { TransportMetrics } from "./SyncTransport";

type Counter = {
  [K in keyof SyncMetrics]: SyncMetrics[K] extends number ? K : never;
}[keyof SyncMetrics];

/** Engine counters exported as-is: field, metric name, type, help. */
const SYNC_FAMILIES: ReadonlyArray<readonly [Counter, string, MetricFamily["type"], string]> = [
  [
    "connections",
    "tablecloth_connections",
    "gauge",
    "Sync connections open or waiting for their doc.",
  ],
  [
    "connectionsTotal",
    "tablecloth_connections_total",
    "counter",
    "Sync connections ever accepted by the engine.",
  ],
  ["loadedDocs", "tablecloth_loaded_docs", "gauge", "Docs in memory."],
  ["pendingLoads", "tablecloth_pending_loads", "gauge", "Docs loading now."],
  ["bytesIn", "tablecloth_received_bytes_total", "counter", "Bytes of sync frames received."],
  ["bytesOut", "tablecloth_sent_bytes_total", "counter", "Bytes of sync frames sent."],
  ["messagesIn", "tablecloth_received_messages_total", "counter", "Sync frames received."],
  ["messagesOut", "tablecloth_sent_messages_total", "counter", "Sync frames sent."],
  [
    "updatesApplied",
    "tablecloth_updates_applied_total",
    "counter",
    "Client updates applied to a doc.",
  ],
  [
    "updatesDropped",
    "tablecloth_updates_dropped_total",
    "counter",
    "Updates dropped because their connection is read-only.",
  ],
  [
    "updatesRejected",
    "tablecloth_updates_rejected_total",
    "counter",
    "Invalid or oversize updates refused (sender closed).",
  ],
  [
    "pendingDiscarded",
    "tablecloth_pending_discarded_total",
    "counter",
    "Updates with missing dependencies discarded (sender closed).",
  ],
  ["serverWrites", "tablecloth_server_writes_total", "counter", "Server-side writes to docs."],
  [
    "awarenessIn",
    "tablecloth_awareness_received_total",
    "counter",
    "Awareness messages received; rate() of it is the awareness rate.",
  ],
  [
    "awarenessDropped",
    "tablecloth_awareness_dropped_total",
    "counter",
    "Awareness entries dropped: another participant's client id, or a full room.",
  ],
  [
    "awarenessOut",
    "tablecloth_awareness_sent_total",
    "counter",
    "Awareness frames sent (one per recipient).",
  ],
  [
    "awarenessBroadcasts",
    "tablecloth_awareness_broadcasts_total",
    "counter",
    "Awareness broadcasts (one per room per throttle window).",
  ],
  [
    "updateBroadcasts",
    "tablecloth_update_broadcasts_total",
    "counter",
    "Update broadcasts (one per room per tick).",
  ],
  ["logBatches", "tablecloth_log_batches_total", "counter", "Batched appends to the update log."],
  [
    "logEntries",
    "tablecloth_log_entries_total",
    "counter",
    "Updates appended to the log; divided by log batches, the mean batch size.",
  ],
  [
    "logBatchMax",
    "tablecloth_log_batch_max_entries",
    "gauge",
    "Largest log batch so far, in entries.",
  ],
  [
    "logAppendFailures",
    "tablecloth_log_append_failures_total",
    "counter",
    "Failed log appends (entries kept and retried).",
  ],
  [
    "logFailing",
    "tablecloth_log_failing",
    "gauge",
    "1 while the update log cannot be written (last append failed; /healthz fails).",
  ],
  [
    "logBacklogBytes",
    "tablecloth_log_backlog_bytes",
    "gauge",
    "Bytes of accepted updates not yet durable.",
  ],
  [
    "updatesDeferred",
    "tablecloth_updates_deferred_total",
    "counter",
    "Client updates refused while the log failed or its backlog was full (closed 1013, retried).",
  ],
  [
    "updatesOverQuota",
    "tablecloth_updates_over_quota_total",
    "counter",
    "Client updates refused because their doc reached its history quota (closed 4413).",
  ],
  ["checkpoints", "tablecloth_checkpoints_total", "counter", "Checkpoints stored."],
  ["loads", "tablecloth_doc_loads_total", "counter", "Docs loaded from storage."],
  ["loadFailures", "tablecloth_doc_load_failures_total", "counter", "Doc loads that failed."],
  ["unloads", "tablecloth_doc_unloads_total", "counter", "Docs unloaded after their grace period."],
  [
    "revivals",
    "tablecloth_doc_revivals_total",
    "counter",
    "Docs reclaimed by a newcomer during their grace period.",
  ],
];

/** The engine's and the socket layer's metrics as Prometheus families. */
export function collectSyncMetrics(sync: SyncMetrics, transport: TransportMetrics): MetricFamily[] {
  const families: MetricFamily[] = SYNC_FAMILIES.map(([field, name, type, help]) => ({
    name,
    help,
    type,
    samples: [{ value: sync[field] }],
  }));
  families.push(
    {
      name: "tablecloth_closes_total",
      help: "Connections the engine closed, by close code.",
      type: "counter",
      samples: Object.entries(sync.closesByCode).map(([code, value]) => ({
        labels: { code },
        value,
      })),
    },
    {
      name: "tablecloth_websockets_open",
      help: "WebSockets open at the transport (accepted, not yet closed).",
      type: "gauge",
      samples: [{ value: transport.openSockets }],
    },
    {
      name: "tablecloth_websockets_accepted_total",
      help: "WebSockets handed to the engine.",
      type: "counter",
      samples: [{ value: transport.acceptedTotal }],
    },
    {
      name: "tablecloth_websockets_heartbeat_timeouts_total",
      help: "WebSockets dropped because they stopped answering pings.",
      type: "counter",
      samples: [{ value: transport.heartbeatTimeouts }],
    },
    {
      name: "tablecloth_websockets_refused_total",
      help: "Sync upgrades refused, by close code or HTTP status.",
      type: "counter",
      samples: [...transport.refusedTotal].map(([reason, value]) => ({
        labels: { reason },
        value,
      })),
    },
  );
  return families;
}

/**
 * Counters and gauges of one `SyncServer`, read by the server's metrics endpoint and the
 * benchmarks. Plain numbers, updated in place; never reset.
 */
export interface SyncMetrics {
  /** Connections currently open or waiting for their doc (gauge). */
  connections: number;
  /** Connections ever accepted. */
  connectionsTotal: number;
  /** Docs currently in memory (gauge). */
  loadedDocs: number;
  /** Docs currently loading (gauge). */
  pendingLoads: number;
  bytesIn: number;
  bytesOut: number;
  messagesIn: number;
  messagesOut: number;
  /** Client updates (sync step 2 or update) applied to a doc. */
  updatesApplied: number;
  /** Updates dropped because their connection is read-only. */
  updatesDropped: number;
  /** Updates refused (invalid, or over a size limit); their sender was closed. */
  updatesRejected: number;
  /** Updates left pending (missing dependencies) that were discarded; their sender was closed. */
  pendingDiscarded: number;
  /** Server-side writes (`SyncServer.transact`). */
  serverWrites: number;
  awarenessIn: number;
  /**
   * Awareness entries dropped: for a client id another participant's connection introduced (or
   * a removal of one), or a new client id in a full room (`maxAwarenessStatesPerRoom`).
   */
  awarenessDropped: number;
  /** Awareness frames sent (one per recipient). */
  awarenessOut: number;
  /** Awareness broadcasts (one per room per throttle window). */
  awarenessBroadcasts: number;
  /** Update broadcasts (one per room per tick). */
  updateBroadcasts: number;
  /** Successful `store.append` calls, the log entries they held, and the largest batch. */
  logBatches: number;
  logEntries: number;
  logBatchMax: number;
  /** Failed `store.append` calls (their entries were kept and retried). */
  logAppendFailures: number;
  /** 1 while the log cannot be written (the last append failed): `/healthz` fails, writers retry. */
  logFailing: number;
  /** Bytes of accepted updates not yet durable (bounded by `maxLogBacklogBytes`). */
  logBacklogBytes: number;
  /** Client updates refused because the log was failing or its backlog full (closed 1013). */
  updatesDeferred: number;
  /** Client updates refused because their doc's history reached `maxDocHistoryBytes` (4413). */
  updatesOverQuota: number;
  checkpoints: number;
  loads: number;
  loadFailures: number;
  unloads: number;
  /** Docs whose last connection left and that a newcomer reclaimed before they were unloaded. */
  revivals: number;
  /** Connections the engine closed, by close code. */
  closesByCode: Record<number, number>;
}

/** A zeroed metrics object. */
export function createSyncMetrics(): SyncMetrics {
  return {
    connections: 0,
    connectionsTotal: 0,
    loadedDocs: 0,
    pendingLoads: 0,
    bytesIn: 0,
    bytesOut: 0,
    messagesIn: 0,
    messagesOut: 0,
    updatesApplied: 0,
    updatesDropped: 0,
    updatesRejected: 0,
    pendingDiscarded: 0,
    serverWrites: 0,
    awarenessIn: 0,
    awarenessDropped: 0,
    awarenessOut: 0,
    awarenessBroadcasts: 0,
    updateBroadcasts: 0,
    logBatches: 0,
    logEntries: 0,
    logBatchMax: 0,
    logAppendFailures: 0,
    logFailing: 0,
    logBacklogBytes: 0,
    updatesDeferred: 0,
    updatesOverQuota: 0,
    checkpoints: 0,
    loads: 0,
    loadFailures: 0,
    unloads: 0,
    revivals: 0,
    closesByCode: {},
  };
}

import { CloseCode } from "@tablecloth/protocol";
import type { CheckpointInput, DocStore, LogEntryInput } from "@tablecloth/storage";
import { SyncError } from "./SyncError";
import type { SyncMetrics } from "./SyncMetrics";
import type { Logger, Scheduler, TimerHandle } from "./types";

export interface LogWriterOptions {
  store: DocStore;
  scheduler: Scheduler;
  logger: Logger;
  metrics: SyncMetrics;
  flushMs: number;
  checkpointEvery: number;
  /** Bound of the not-yet-durable bytes; see `SyncConfig.maxLogBacklogBytes`. */
  maxBacklogBytes: number;
  /** Retry period while appends fail. */
  retryMs: number;
  /** Per-doc history quota; see `SyncConfig.maxDocHistoryBytes`. */
  maxDocHistoryBytes: number;
  /**
   * The full state of a loaded doc for a checkpoint, or null when none can be taken now (doc not
   * loaded, or holding pending structs). Called at flush time, so the state covers exactly the
   * entries stored so far plus those of the same append call.
   */
  checkpointState: (docName: string) => Uint8Array | null;
  /**
   * The store refused some docs for good because another instance owns them now (a
   * `StorageError` `"fenced"` naming them): their queued entries are dropped (the clients that
   * made them hold them and send them to the new owner on reconnect) and this is called so the
   * engine sends those clients away and drops its copy. The rest of the batch goes at the next flush.
   */
  onFenced?: (docNames: readonly string[]) => void;
}

/** The docs a store refused because another instance owns them, if that is what `err` says. */
function fencedDocs(err: unknown): readonly string[] {
  const e = err as { code?: unknown; docNames?: unknown } | null;
  if (e?.code !== "fenced" || !Array.isArray(e.docNames)) return [];
  return e.docNames.filter((d): d is string => typeof d === "string");
}

/**
 * Batches accepted updates of every doc into one `store.append` per flush, at most `flushMs`
 * after the first queued entry. Saves are serialised; a failed append keeps its entries (in
 * order, ahead of newer ones) and retries at the next flush. Every `checkpointEvery` updates of a
 * doc, the flush carries its full state as a checkpoint in the same transaction.
 *
 * Disk trouble: while the last append failed (`failing`), `admit` refuses client updates (the
 * engine closes their senders with TryAgainLater, which the stock client retries), retries come
 * every `retryMs`, and the backlog of accepted entries is bounded by `maxBacklogBytes`. Nothing
 * accepted is dropped: entries stay queued (in order) until an append succeeds, including those of
 * docs unloaded meanwhile (`pendingUpdates` lets a reload include them).
 */
export class LogWriter {
  private queue: LogEntryInput[] = [];
  /** Queued (not yet durable) entries per doc. */
  private readonly queuedPerDoc = new Map<string, number>();
  /** Durable-or-queued entries per doc since its last stored checkpoint. */
  private readonly sinceCheckpoint = new Map<string, number>();
  /** The entries of the append in flight (still not durable). */
  private inFlightEntries: readonly LogEntryInput[] = [];
  private backlogBytes = 0;
  /** Logged bytes per tracked doc: stored (at load) plus queued since. */
  private readonly logBytes = new Map<string, number>();
  private failingSince: number | null = null;
  private inFlight: Promise<unknown> | null = null;
  private timer: TimerHandle | null = null;
  private saveStartedAt = 0;

  constructor(private readonly options: LogWriterOptions) {}

  /** Queues one entry; it is appended within `flushMs` (or at the next flush after a failure). */
  enqueue(entry: LogEntryInput): void {
    this.queue.push(entry);
    this.backlogBytes += entry.update.byteLength;
    this.options.metrics.logBacklogBytes = this.backlogBytes;
    const logged = this.logBytes.get(entry.docName);
    if (logged !== undefined) this.logBytes.set(entry.docName, logged + entry.update.byteLength);
    this.queuedPerDoc.set(entry.docName, (this.queuedPerDoc.get(entry.docName) ?? 0) + 1);
    this.sinceCheckpoint.set(entry.docName, (this.sinceCheckpoint.get(entry.docName) ?? 0) + 1);
    this.schedule(this.options.flushMs);
  }

  /**
   * Throws a `SyncError` when a client update of `bytes` to `docName` may not be accepted now:
   * TryAgainLater while appends fail or when the backlog would pass its bound, TooLarge when the
   * doc's history reached its quota.
   */
  admit(docName: string, bytes: number): void {
    const { metrics, maxBacklogBytes, maxDocHistoryBytes } = this.options;
    if (this.failingSince !== null) {
      metrics.updatesDeferred++;
      throw new SyncError(CloseCode.TryAgainLater, "the update log cannot be written");
    }
    if (this.backlogBytes + bytes > maxBacklogBytes) {
      metrics.updatesDeferred++;
      throw new SyncError(CloseCode.TryAgainLater, "log backlog over maxLogBacklogBytes");
    }
    if ((this.logBytes.get(docName) ?? 0) >= maxDocHistoryBytes) {
      metrics.updatesOverQuota++;
      throw new SyncError(CloseCode.TooLarge, "doc history over maxDocHistoryBytes");
    }
  }

  /** Why the log is unhealthy, or null: failing appends or a full backlog. */
  trouble(): string | null {
    if (this.failingSince !== null) return "update log cannot be written";
    if (this.backlogBytes >= this.options.maxBacklogBytes) return "update log backlog full";
    return null;
  }

  /** The updates of `docName` not yet durable (queued or in flight), in order. */
  pendingUpdates(docName: string): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const e of this.inFlightEntries) if (e.docName === docName) out.push(e.update);
    for (const e of this.queue) if (e.docName === docName) out.push(e.update);
    return out;
  }

  /** Whether `docName` has entries not yet durable. */
  hasQueued(docName: string): boolean {
    return (this.queuedPerDoc.get(docName) ?? 0) > 0;
  }

  /** Entries not yet durable, all docs. */
  get queuedCount(): number {
    return this.queue.length;
  }

  /** Starts counting a freshly loaded doc: `tail` stored updates follow its latest checkpoint. */
  track(docName: string, tail: number, storedLogBytes = 0): void {
    if (!this.hasQueued(docName)) this.sinceCheckpoint.set(docName, tail);
    let pending = 0;
    for (const update of this.pendingUpdates(docName)) pending += update.byteLength;
    this.logBytes.set(docName, storedLogBytes + pending);
  }

  /** Forgets the counter of an unloaded doc (`track` restarts it at the next load). */
  forget(docName: string): void {
    if (!this.hasQueued(docName)) this.sinceCheckpoint.delete(docName);
    this.logBytes.delete(docName);
  }

  /**
   * Appends everything queued now (after any save in flight). Rejects with the store's error if
   * that append failed; the entries stay queued for the next flush.
   */
  async flush(): Promise<void> {
    if (this.timer !== null) {
      this.options.scheduler.clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.inFlight !== null) await this.inFlight;
    if (this.queue.length === 0) return;
    const error = await this.save();
    if (error !== null) throw error;
  }

  /** Cancels the flush timer (the caller flushes explicitly, e.g. at shutdown). */
  stop(): void {
    if (this.timer !== null) this.options.scheduler.clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Drops every queued entry of docs another instance owns now, puts the rest of the failed batch
   * back ahead of newer entries, and tells the engine.
   */
  private dropFenced(batch: readonly LogEntryInput[], docs: ReadonlySet<string>): void {
    const keep = (entry: LogEntryInput): boolean => {
      if (!docs.has(entry.docName)) return true;
      this.backlogBytes -= entry.update.byteLength;
      return false;
    };
    this.inFlightEntries = [];
    this.queue = batch.filter(keep).concat(this.queue.filter(keep));
    for (const docName of docs) {
      this.queuedPerDoc.delete(docName);
      this.sinceCheckpoint.delete(docName);
      this.logBytes.delete(docName);
    }
    this.options.metrics.logBacklogBytes = this.backlogBytes;
    this.options.logger.warn("docs owned by another instance now; their unsaved entries dropped", {
      docs: docs.size,
    });
    this.options.onFenced?.([...docs]);
  }

  private schedule(delay: number): void {
    if (this.timer !== null || this.inFlight !== null) return;
    this.timer = this.options.scheduler.setTimeout(() => {
      this.timer = null;
      // Errors are logged by save(); the entries are kept and the next flush retries them.
      this.flush().catch(() => {});
    }, delay);
  }

  /** One append of the whole queue; resolves to the error, or null on success. Never rejects. */
  private save(): Promise<unknown> {
    const { store, metrics, logger, scheduler, checkpointEvery } = this.options;
    const entries = this.queue;
    this.queue = [];
    this.inFlightEntries = entries;
    const batchPerDoc = new Map<string, number>();
    for (const entry of entries) {
      batchPerDoc.set(entry.docName, (batchPerDoc.get(entry.docName) ?? 0) + 1);
    }
    const checkpoints: CheckpointInput[] = [];
    const covered = new Map<string, number>();
    for (const docName of batchPerDoc.keys()) {
      const since = this.sinceCheckpoint.get(docName) ?? 0;
      if (since < checkpointEvery) continue;
      const state = this.options.checkpointState(docName);
      if (state === null) continue;
      checkpoints.push({ docName, state });
      covered.set(docName, since);
    }
    this.saveStartedAt = scheduler.now();
    const run = async (): Promise<unknown> => {
      try {
        await store.append(entries, checkpoints);
      } catch (err) {
        const fenced = fencedDocs(err);
        if (fenced.length > 0) {
          this.dropFenced(entries, new Set(fenced));
          return null;
        }
        metrics.logAppendFailures++;
        if (this.failingSince === null) this.failingSince = scheduler.now();
        metrics.logFailing = 1;
        logger.error("log append failed; entries kept for retry", {
          entries: entries.length,
          docs: batchPerDoc.size,
          backlogBytes: this.backlogBytes,
          error: err instanceof Error ? err.message : String(err),
        });
        this.inFlightEntries = [];
        this.queue = entries.concat(this.queue);
        return err;
      }
      this.inFlightEntries = [];
      for (const entry of entries) this.backlogBytes -= entry.update.byteLength;
      metrics.logBacklogBytes = this.backlogBytes;
      if (this.failingSince !== null) {
        logger.warn("log append recovered", {
          failedForMs: scheduler.now() - this.failingSince,
          entries: entries.length,
        });
        this.failingSince = null;
        metrics.logFailing = 0;
      }
      for (const [docName, n] of batchPerDoc) {
        const left = (this.queuedPerDoc.get(docName) ?? 0) - n;
        if (left > 0) this.queuedPerDoc.set(docName, left);
        else this.queuedPerDoc.delete(docName);
      }
      for (const [docName, n] of covered) {
        this.sinceCheckpoint.set(docName, (this.sinceCheckpoint.get(docName) ?? 0) - n);
      }
      metrics.logBatches++;
      metrics.logEntries += entries.length;
      metrics.logBatchMax = Math.max(metrics.logBatchMax, entries.length);
      metrics.checkpoints += checkpoints.length;
      return null;
    };
    const promise = run().then((error) => {
      this.inFlight = null;
      if (this.queue.length > 0) {
        const elapsed = scheduler.now() - this.saveStartedAt;
        const period = error === null ? this.options.flushMs : this.options.retryMs;
        this.schedule(Math.max(0, period - elapsed));
      }
      return error;
    });
    this.inFlight = promise;
    return promise;
  }
}

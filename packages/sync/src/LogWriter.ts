import type { CheckpointInput, DocStore, LogEntryInput } from "@tablecloth/storage";
import type { SyncMetrics } from "./SyncMetrics";
import type { Logger, Scheduler, TimerHandle } from "./types";

export interface LogWriterOptions {
  store: DocStore;
  scheduler: Scheduler;
  logger: Logger;
  metrics: SyncMetrics;
  flushMs: number;
  checkpointEvery: number;
  /**
   * The full state of a loaded doc for a checkpoint, or null when none can be taken now (doc not
   * loaded, or holding pending structs). Called at flush time, so the state covers exactly the
   * entries stored so far plus those of the same append call.
   */
  checkpointState: (docName: string) => Uint8Array | null;
}

/**
 * Batches accepted updates of every doc into one `store.append` per flush, at most `flushMs`
 * after the first queued entry. Saves are serialised; a failed append keeps its entries (in
 * order, ahead of newer ones) and retries at the next flush. Every `checkpointEvery` updates of a
 * doc, the flush carries its full state as a checkpoint in the same transaction.
 */
export class LogWriter {
  private queue: LogEntryInput[] = [];
  /** Queued (not yet durable) entries per doc. */
  private readonly queuedPerDoc = new Map<string, number>();
  /** Durable-or-queued entries per doc since its last stored checkpoint. */
  private readonly sinceCheckpoint = new Map<string, number>();
  private inFlight: Promise<unknown> | null = null;
  private timer: TimerHandle | null = null;
  private saveStartedAt = 0;

  constructor(private readonly options: LogWriterOptions) {}

  /** Queues one entry; it is appended within `flushMs` (or at the next flush after a failure). */
  enqueue(entry: LogEntryInput): void {
    this.queue.push(entry);
    this.queuedPerDoc.set(entry.docName, (this.queuedPerDoc.get(entry.docName) ?? 0) + 1);
    this.sinceCheckpoint.set(entry.docName, (this.sinceCheckpoint.get(entry.docName) ?? 0) + 1);
    this.schedule(this.options.flushMs);
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
  track(docName: string, tail: number): void {
    if (!this.hasQueued(docName)) this.sinceCheckpoint.set(docName, tail);
  }

  /** Forgets the counter of an unloaded doc (`track` restarts it at the next load). */
  forget(docName: string): void {
    if (!this.hasQueued(docName)) this.sinceCheckpoint.delete(docName);
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
        metrics.logAppendFailures++;
        logger.error("log append failed; entries kept for retry", {
          entries: entries.length,
          docs: batchPerDoc.size,
          error: err instanceof Error ? err.message : String(err),
        });
        this.queue = entries.concat(this.queue);
        return err;
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
        this.schedule(Math.max(0, this.options.flushMs - elapsed));
      }
      return error;
    });
    this.inFlight = promise;
    return promise;
  }
}

import type {
  AppendResult,
  CheckpointInput,
  DocStore,
  DocStoreLimits,
  DocUsage,
  HistoryEntry,
  LogEntryInput,
  StoredDoc,
} from "./DocStore";
import { replayState } from "./replayState";
import { StorageError } from "./StorageError";
import { checkpointsToThin, resolveDocStoreLimits } from "./storageLimits";
import { validateAppend, validateDocName, validateTime } from "./validateAppend";

/** One stored log entry of a {@link MemoryDocStore}. */
export interface MemoryLogEntry {
  seq: number;
  at: number;
  author: string;
  update: Uint8Array;
}

/** One stored checkpoint of a {@link MemoryDocStore}. */
export interface MemoryCheckpoint {
  seq: number;
  at: number;
  /** The doc's log bytes up to and including `seq`. */
  logBytes: number;
  state: Uint8Array;
}

/** Everything a {@link MemoryDocStore} holds for one doc. */
export interface MemoryDocRecord {
  /** `log[i].seq === i + 1`. */
  log: MemoryLogEntry[];
  /** Sum of the log's update sizes. */
  logBytes: number;
  /** Ascending by seq; thinned by `checkpointSpacing`, the latest always kept. */
  checkpoints: MemoryCheckpoint[];
}

/**
 * A complete `DocStore` held in memory: same semantics as `SqliteDocStore` (the contract suite runs
 * against both), nothing survives the process. For the room engine's deterministic tests and for
 * in-memory benchmarks.
 *
 * Bytes are copied in and out, so a caller that reuses or mutates a buffer cannot change what was
 * stored. Every method is an ordinary public method and the state is `protected`, so tests may
 * subclass it (for example to fail an `append` on demand) or wrap it.
 */
export class MemoryDocStore implements DocStore {
  protected readonly docs = new Map<string, MemoryDocRecord>();
  protected closed = false;
  protected readonly limits: DocStoreLimits;

  constructor(limits: Partial<DocStoreLimits> = {}) {
    this.limits = resolveDocStoreLimits(limits);
  }

  async append(
    entries: readonly LogEntryInput[],
    checkpoints: readonly CheckpointInput[] = [],
  ): Promise<AppendResult> {
    this.assertOpen();
    validateAppend(entries, checkpoints);

    // Stage everything first; touch the stored state only once the whole call is known to be valid.
    const staged = new Map<
      string,
      { base: number; added: MemoryLogEntry[]; logBytes: number[]; baseBytes: number }
    >();
    for (const entry of entries) {
      let s = staged.get(entry.docName);
      if (s === undefined) {
        const doc = this.docs.get(entry.docName);
        const baseBytes = doc?.logBytes ?? 0;
        if (baseBytes >= this.limits.maxDocLogBytes) {
          throw new StorageError(
            "quota-exceeded",
            `${entry.docName} holds ${baseBytes} bytes of history (maxDocLogBytes ${this.limits.maxDocLogBytes})`,
          );
        }
        s = { base: doc?.log.length ?? 0, added: [], logBytes: [], baseBytes };
        staged.set(entry.docName, s);
      }
      s.logBytes.push((s.logBytes.at(-1) ?? s.baseBytes) + entry.update.byteLength);
      s.added.push({
        seq: s.base + s.added.length + 1,
        at: entry.at,
        author: entry.author,
        update: entry.update.slice(),
      });
    }
    const stagedCheckpoints: { docName: string; checkpoint: MemoryCheckpoint }[] = [];
    for (const { docName, state } of checkpoints) {
      const s = staged.get(docName);
      const log = this.docs.get(docName)?.log ?? [];
      const last = s?.added.at(-1) ?? log.at(-1);
      const logBytes = s?.logBytes.at(-1) ?? this.docs.get(docName)?.logBytes ?? 0;
      if (last === undefined) {
        throw new StorageError(
          "invalid-checkpoint",
          `checkpoint of ${docName}, which has no log entries`,
        );
      }
      stagedCheckpoints.push({
        docName,
        checkpoint: { seq: last.seq, at: last.at, logBytes, state: state.slice() },
      });
    }

    const lastSeq = new Map<string, number>();
    for (const [docName, { added, logBytes }] of staged) {
      const record = this.record(docName);
      for (const e of added) record.log.push(e);
      record.logBytes = logBytes.at(-1)!;
      lastSeq.set(docName, added.at(-1)!.seq);
    }
    for (const { docName, checkpoint } of stagedCheckpoints) {
      const record = this.record(docName);
      const list = record.checkpoints;
      // A second checkpoint at the same seq (no appends in between) replaces the first.
      if (list.at(-1)?.seq === checkpoint.seq) list[list.length - 1] = checkpoint;
      else list.push(checkpoint);
      const drop = new Set(
        checkpointsToThin(
          list.map((c) => ({ seq: c.seq, logBytes: c.logBytes, size: c.state.byteLength })),
          this.limits.checkpointSpacing,
        ),
      );
      if (drop.size > 0) record.checkpoints = list.filter((c) => !drop.has(c.seq));
    }
    return { lastSeq };
  }

  async load(docName: string): Promise<StoredDoc> {
    this.assertOpen();
    validateDocName(docName);
    const doc = this.docs.get(docName);
    if (doc === undefined) return { checkpoint: null, checkpointSeq: 0, updates: [], lastSeq: 0 };
    const checkpoint = doc.checkpoints.at(-1);
    const checkpointSeq = checkpoint?.seq ?? 0;
    return {
      checkpoint: checkpoint === undefined ? null : checkpoint.state.slice(),
      checkpointSeq,
      updates: doc.log.slice(checkpointSeq).map((e) => e.update.slice()),
      lastSeq: doc.log.length,
    };
  }

  async history(docName: string): Promise<HistoryEntry[]> {
    this.assertOpen();
    validateDocName(docName);
    const log = this.docs.get(docName)?.log ?? [];
    return log.map(({ seq, at, author }) => ({ seq, at, author }));
  }

  async stateAt(docName: string, at: number): Promise<Uint8Array> {
    this.assertOpen();
    validateDocName(docName);
    validateTime(at);
    const doc = this.docs.get(docName);
    const log = doc?.log ?? [];
    // The state is the log prefix up to the last entry with `at <= t` (see DocStore.stateAt).
    let target = 0;
    for (let i = log.length - 1; i >= 0; i--) {
      if (log[i]!.at <= at) {
        target = i + 1;
        break;
      }
    }
    let checkpoint: MemoryCheckpoint | undefined;
    for (const c of doc?.checkpoints ?? []) {
      if (c.seq <= target) checkpoint = c;
      else break;
    }
    const from = checkpoint?.seq ?? 0;
    return replayState(
      checkpoint?.state ?? null,
      log.slice(from, target).map((e) => e.update),
    );
  }

  async usage(docName: string): Promise<DocUsage> {
    this.assertOpen();
    validateDocName(docName);
    const doc = this.docs.get(docName);
    return {
      entries: doc?.log.length ?? 0,
      logBytes: doc?.logBytes ?? 0,
      checkpoints: doc?.checkpoints.length ?? 0,
      checkpointBytes: doc?.checkpoints.reduce((sum, c) => sum + c.state.byteLength, 0) ?? 0,
    };
  }

  async exists(docName: string): Promise<boolean> {
    this.assertOpen();
    validateDocName(docName);
    return (this.docs.get(docName)?.log.length ?? 0) > 0;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  protected record(docName: string): MemoryDocRecord {
    let doc = this.docs.get(docName);
    if (doc === undefined) {
      doc = { log: [], logBytes: 0, checkpoints: [] };
      this.docs.set(docName, doc);
    }
    return doc;
  }

  protected assertOpen(): void {
    if (this.closed) throw new StorageError("closed", "the doc store is closed");
  }
}

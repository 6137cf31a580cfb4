import type {
  AppendResult,
  CheckpointInput,
  DocStore,
  HistoryEntry,
  LogEntryInput,
  StoredDoc,
} from "./DocStore";
import { replayState } from "./replayState";
import { StorageError } from "./StorageError";
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
  state: Uint8Array;
}

/** Everything a {@link MemoryDocStore} holds for one doc. */
export interface MemoryDocRecord {
  /** `log[i].seq === i + 1`. */
  log: MemoryLogEntry[];
  /** Ascending by seq; every checkpoint ever stored is kept (they make seeking fast). */
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

  async append(
    entries: readonly LogEntryInput[],
    checkpoints: readonly CheckpointInput[] = [],
  ): Promise<AppendResult> {
    this.assertOpen();
    validateAppend(entries, checkpoints);

    // Stage everything first; touch the stored state only once the whole call is known to be valid.
    const staged = new Map<string, { base: number; added: MemoryLogEntry[] }>();
    for (const entry of entries) {
      let s = staged.get(entry.docName);
      if (s === undefined) {
        s = { base: this.docs.get(entry.docName)?.log.length ?? 0, added: [] };
        staged.set(entry.docName, s);
      }
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
      if (last === undefined) {
        throw new StorageError(
          "invalid-checkpoint",
          `checkpoint of ${docName}, which has no log entries`,
        );
      }
      stagedCheckpoints.push({
        docName,
        checkpoint: { seq: last.seq, at: last.at, state: state.slice() },
      });
    }

    const lastSeq = new Map<string, number>();
    for (const [docName, { added }] of staged) {
      const log = this.record(docName).log;
      for (const e of added) log.push(e);
      lastSeq.set(docName, added.at(-1)!.seq);
    }
    for (const { docName, checkpoint } of stagedCheckpoints) {
      const list = this.record(docName).checkpoints;
      // A second checkpoint at the same seq (no appends in between) replaces the first.
      if (list.at(-1)?.seq === checkpoint.seq) list[list.length - 1] = checkpoint;
      else list.push(checkpoint);
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
      doc = { log: [], checkpoints: [] };
      this.docs.set(docName, doc);
    }
    return doc;
  }

  protected assertOpen(): void {
    if (this.closed) throw new StorageError("closed", "the doc store is closed");
  }
}

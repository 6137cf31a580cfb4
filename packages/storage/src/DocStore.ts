/**
 * The storage contract every backend (SQLite now, Postgres next) implements, and that the
 * contract suite in `src/test/docStoreContract.ts` checks.
 *
 * The update log *is* the history: every accepted Yjs update is appended with its server time and
 * author, numbered per doc by `seq` (1, 2, 3, … without gaps). A checkpoint is the doc's full
 * state as of some `seq`, so a load reads the latest checkpoint and only the tail after it.
 */

/** One accepted update, as the room engine hands it to storage. */
export interface LogEntryInput {
  docName: string;
  /** A Yjs update (v1 encoding). */
  update: Uint8Array;
  /** Server time when the update was accepted, epoch milliseconds. */
  at: number;
  /** Who made it: a participant id, or a system name such as `"system"`. Never a token. */
  author: string;
}

/** A checkpoint to store in the same transaction as a batch of appends. */
export interface CheckpointInput {
  docName: string;
  /**
   * The full doc state (`Y.encodeStateAsUpdate`) that includes exactly the doc's log entries
   * up to and including the last one of this doc in the same `append` call (or, if the call has
   * none for this doc, up to the doc's current last seq).
   */
  state: Uint8Array;
}

/** One row of a doc's history, without the update bytes. */
export interface HistoryEntry {
  seq: number;
  at: number;
  author: string;
}

/** What `load` returns: the latest checkpoint and every update after it, in seq order. */
export interface StoredDoc {
  /** Full state as of `checkpointSeq`, or null when the doc has no checkpoint yet. */
  checkpoint: Uint8Array | null;
  /** The seq the checkpoint covers (0 when there is none). */
  checkpointSeq: number;
  /** Updates with seq > checkpointSeq, in order. */
  updates: Uint8Array[];
  /** The doc's last seq (0 for a doc never written). */
  lastSeq: number;
}

export interface AppendResult {
  /** For each doc in the call, the seq of its last appended entry. */
  lastSeq: Map<string, number>;
}

export interface DocStore {
  /**
   * Appends entries (for any number of docs) and stores the given checkpoints, all in one
   * transaction: either everything is durable or nothing is. Entries of one doc get consecutive
   * seqs in the order given.
   *
   * Rejects with a `StorageError`, storing nothing of the call, for an empty doc name, an update or
   * state that is not a `Uint8Array`, a non-finite `at`, a non-string author, two checkpoints of
   * one doc, or a checkpoint of a doc with no entries (`"invalid-checkpoint"`). A checkpoint at a
   * seq that already has one replaces it; older checkpoints are kept.
   */
  append(
    entries: readonly LogEntryInput[],
    checkpoints?: readonly CheckpointInput[],
  ): Promise<AppendResult>;
  /** Latest checkpoint plus tail. A doc never written loads as `{checkpoint: null, updates: [], lastSeq: 0}`. */
  load(docName: string): Promise<StoredDoc>;
  /** Every log entry of the doc, in seq order (metadata only). */
  history(docName: string): Promise<HistoryEntry[]>;
  /**
   * A single Yjs update holding the doc exactly as it was at `at` (epoch ms): every entry with
   * `at <= at` applied, none after. An empty doc's update when nothing was written by then.
   *
   * Precisely: the log prefix up to the last seq whose `at <= at`. Entries may share a time (all of
   * them are in or out together); the room engine stamps a doc's entries with a non-decreasing
   * clock, and if it ever did not, the prefix (not a filter on `at`) is what is replayed, because
   * Yjs updates depend on the ones before them.
   */
  stateAt(docName: string, at: number): Promise<Uint8Array>;
  /** Whether the doc has ever been written. */
  exists(docName: string): Promise<boolean>;
  /**
   * Releases the backend; pending writes are complete when it resolves. Idempotent; every other
   * method rejects with a `StorageError` (`"closed"`) afterwards.
   */
  close(): Promise<void>;
}

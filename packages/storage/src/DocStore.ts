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

/** What a doc's history takes: its log and its checkpoints, in bytes of Yjs data. */
export interface DocUsage {
  /** Log entries (the doc's last seq). */
  entries: number;
  /** Sum of the log's update sizes; what the history quota (`maxDocLogBytes`) counts. */
  logBytes: number;
  /** Checkpoints kept. */
  checkpoints: number;
  /** Sum of the kept checkpoints' state sizes. */
  checkpointBytes: number;
}

/**
 * What bounds a doc's history in every backend. Defaults in `defaultDocStoreLimits`
 * (`storageLimits.ts`).
 */
export interface DocStoreLimits {
  /**
   * The per-doc history quota, in bytes of logged updates. An `append` with entries of a doc whose
   * stored log already holds this much is refused with `StorageError` `"quota-exceeded"`, storing
   * nothing of the call; the call that crosses the quota is stored whole (so a writer that checks
   * `logBytes < quota` before accepting an update never has an accepted update refused).
   */
  maxDocLogBytes: number;
  /**
   * Checkpoint thinning: besides the latest, a checkpoint is kept only when at least
   * `checkpointSpacing` × its own size in logged update bytes follow it up to the next kept one.
   * So the older checkpoints of a doc take at most `logBytes / checkpointSpacing`, and a seek
   * replays at most one checkpoint interval plus `checkpointSpacing` × a state's size of updates.
   */
  checkpointSpacing: number;
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
   * one doc, or a checkpoint of a doc with no entries (`"invalid-checkpoint"`); with
   * `"quota-exceeded"` for entries of a doc whose log already reached `maxDocLogBytes`. A
   * checkpoint at a seq that already has one replaces it; older checkpoints are thinned by
   * `checkpointSpacing` (see {@link DocStoreLimits}), the latest is always kept.
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
  /** What the doc's history takes (all zero for a doc never written). */
  usage(docName: string): Promise<DocUsage>;
  /** Whether the doc has ever been written. */
  exists(docName: string): Promise<boolean>;
  /**
   * Releases the backend; pending writes are complete when it resolves. Idempotent; every other
   * method rejects with a `StorageError` (`"closed"`) afterwards.
   */
  close(): Promise<void>;
}

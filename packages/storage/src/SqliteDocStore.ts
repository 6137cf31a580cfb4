import type BetterSqlite3 from "better-sqlite3";
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
import { type StorageLogger, silentLogger } from "./Logger";
import { runMigrations } from "./migrate";
import { type OpenDatabaseOptions, openDatabase } from "./openDatabase";
import { replayState } from "./replayState";
import { StorageError } from "./StorageError";
import { checkpointsToThin, resolveDocStoreLimits } from "./storageLimits";
import { STORAGE_MIGRATION_MODULE, storageMigrations } from "./storageMigrations";
import { validateAppend, validateDocName, validateTime } from "./validateAppend";
import { WalCheckpointer } from "./WalCheckpointer";

export { STORAGE_MIGRATION_MODULE, storageMigrations } from "./storageMigrations";

export interface SqliteDocStoreOptions {
  logger?: StorageLogger;
  /**
   * Checkpoint the WAL from a worker thread instead of on the caller's thread at commit time (see
   * `WalCheckpointer`); for a server whose event loop must not block on fsync. Default false.
   */
  backgroundCheckpoints?: boolean;
  /** The history quota and checkpoint thinning; defaults in `defaultDocStoreLimits`. */
  limits?: Partial<DocStoreLimits>;
}

export interface SqliteDocStoreOpenOptions extends SqliteDocStoreOptions, OpenDatabaseOptions {
  /** A file path (created with its directory if missing) or `":memory:"`. */
  path: string;
}

/**
 * The last entry of a doc: what the next seq follows, the time a checkpoint covers, and the doc's
 * log bytes up to it.
 */
interface LastEntry {
  seq: number;
  at: number;
  logBytes: number;
}

const NO_ENTRY: LastEntry = { seq: 0, at: 0, logBytes: 0 };

/** A view over the driver's Buffer, so callers get a plain `Uint8Array` (Buffer#slice is no copy). */
function bytes(buffer: Uint8Array): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * The `DocStore` on SQLite (better-sqlite3): an append-only `doc_log` of every update,
 * `doc_checkpoint` rows of full states (thinned by `checkpointSpacing`; they make seeking fast) and
 * `doc_usage`, each doc's log bytes (the history quota).
 *
 * One `SqliteDocStore` must be the only writer of its tables: it caches each doc's last seq after
 * the first lookup. A second writer would make appends fail on the primary key, never overwrite.
 *
 * The driver is synchronous, so each call runs to completion before it returns its promise; a
 * call never interleaves with another.
 */
export class SqliteDocStore implements DocStore {
  /** Each doc's last entry, filled on first use and after each committed append. */
  protected readonly lastEntries = new Map<string, LastEntry>();
  protected closed = false;
  private checkpointer: WalCheckpointer | null = null;

  private readonly insertEntry: BetterSqlite3.Statement<
    [string, number, number, string, Uint8Array]
  >;
  private readonly insertCheckpoint: BetterSqlite3.Statement<
    [string, number, number, number, Uint8Array]
  >;
  private readonly insertDocName: BetterSqlite3.Statement<[string]>;
  private readonly selectLastEntry: BetterSqlite3.Statement<[string], { seq: number; at: number }>;
  private readonly selectLogBytes: BetterSqlite3.Statement<[string], number>;
  private readonly upsertUsage: BetterSqlite3.Statement<[string, number]>;
  private readonly selectCheckpointExtents: BetterSqlite3.Statement<
    [string],
    { seq: number; logBytes: number; size: number }
  >;
  private readonly deleteCheckpoint: BetterSqlite3.Statement<[string, number]>;
  private readonly selectCheckpointTotals: BetterSqlite3.Statement<
    [string],
    { checkpoints: number; checkpointBytes: number | null }
  >;
  private readonly limits: DocStoreLimits;
  private readonly selectLatestCheckpoint: BetterSqlite3.Statement<
    [string],
    { seq: number; state: Uint8Array }
  >;
  private readonly selectCheckpointAtOrBefore: BetterSqlite3.Statement<
    [string, number],
    { seq: number; state: Uint8Array }
  >;
  private readonly selectUpdatesAfter: BetterSqlite3.Statement<[string, number], Uint8Array>;
  private readonly selectUpdatesBetween: BetterSqlite3.Statement<
    [string, number, number],
    Uint8Array
  >;
  private readonly selectHistory: BetterSqlite3.Statement<[string], HistoryEntry>;
  private readonly selectLastSeqAtOrBefore: BetterSqlite3.Statement<[string, number], number>;
  private readonly appendTransaction: BetterSqlite3.Transaction<
    (
      entries: readonly LogEntryInput[],
      checkpoints: readonly CheckpointInput[],
    ) => Map<string, LastEntry>
  >;
  private readonly loadTransaction: BetterSqlite3.Transaction<(docName: string) => StoredDoc>;
  private readonly stateTransaction: BetterSqlite3.Transaction<
    (docName: string, at: number) => { checkpoint: Uint8Array | null; updates: Uint8Array[] }
  >;

  /**
   * Opens (or creates) a database file configured by `openDatabase` (WAL, `synchronous=NORMAL`,
   * busy timeout) and migrates the doc tables. The store owns the connection and closes it.
   */
  static open(options: SqliteDocStoreOpenOptions): SqliteDocStore {
    const db = openDatabase(options.path, options);
    try {
      const store = new SqliteDocStore(db, true, options.logger ?? silentLogger, options.limits);
      if (options.backgroundCheckpoints === true) store.startBackgroundCheckpoints();
      return store;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /**
   * Uses a connection the caller opened (ideally with `openDatabase`) and keeps owning: the
   * server's events and participants tables live in the same file. Migrates the doc tables;
   * `close()` leaves the connection open.
   */
  static fromDatabase(
    db: BetterSqlite3.Database,
    options: SqliteDocStoreOptions = {},
  ): SqliteDocStore {
    const store = new SqliteDocStore(db, false, options.logger ?? silentLogger, options.limits);
    if (options.backgroundCheckpoints === true) store.startBackgroundCheckpoints();
    return store;
  }

  protected constructor(
    /** The connection, for subclasses and tests; do not write the doc tables through it. */
    protected readonly db: BetterSqlite3.Database,
    private readonly ownsDatabase: boolean,
    protected readonly logger: StorageLogger,
    limits: Partial<DocStoreLimits> = {},
  ) {
    this.limits = resolveDocStoreLimits(limits);
    const version = runMigrations(db, STORAGE_MIGRATION_MODULE, storageMigrations, logger);
    logger.debug("doc store opened", { path: db.name, schemaVersion: version });

    // Rows name their doc by `doc_names.id`; a doc's name is registered at its first write.
    this.insertDocName = db.prepare("INSERT OR IGNORE INTO doc_names (name) VALUES (?)");
    this.insertEntry = db.prepare(
      'INSERT INTO doc_log (doc_id, seq, at, author, "update") VALUES ((SELECT id FROM doc_names WHERE name = ?), ?, ?, ?, ?)',
    );
    // A second checkpoint at the same seq (no appends in between) replaces the first.
    this.insertCheckpoint = db.prepare(
      "INSERT OR REPLACE INTO doc_checkpoint (doc_id, seq, at, log_bytes, state) VALUES ((SELECT id FROM doc_names WHERE name = ?), ?, ?, ?, ?)",
    );
    this.selectLogBytes = db
      .prepare<[string], number>(
        "SELECT log_bytes FROM doc_usage WHERE doc_id = (SELECT id FROM doc_names WHERE name = ?)",
      )
      .pluck();
    this.upsertUsage = db.prepare(
      "INSERT INTO doc_usage (doc_id, log_bytes) VALUES ((SELECT id FROM doc_names WHERE name = ?), ?) ON CONFLICT (doc_id) DO UPDATE SET log_bytes = excluded.log_bytes",
    );
    // length() of a BLOB is read from the record header: no state is loaded.
    this.selectCheckpointExtents = db.prepare(
      "SELECT seq, log_bytes AS logBytes, length(state) AS size FROM doc_checkpoint WHERE doc_id = (SELECT id FROM doc_names WHERE name = ?) ORDER BY seq",
    );
    this.deleteCheckpoint = db.prepare(
      "DELETE FROM doc_checkpoint WHERE doc_id = (SELECT id FROM doc_names WHERE name = ?) AND seq = ?",
    );
    this.selectCheckpointTotals = db.prepare(
      "SELECT count(*) AS checkpoints, sum(length(state)) AS checkpointBytes FROM doc_checkpoint WHERE doc_id = (SELECT id FROM doc_names WHERE name = ?)",
    );
    this.selectLastEntry = db.prepare(
      "SELECT seq, at FROM doc_log WHERE doc_id = (SELECT id FROM doc_names WHERE name = ?) ORDER BY seq DESC LIMIT 1",
    );
    this.selectLatestCheckpoint = db.prepare(
      "SELECT seq, state FROM doc_checkpoint WHERE doc_id = (SELECT id FROM doc_names WHERE name = ?) ORDER BY seq DESC LIMIT 1",
    );
    this.selectCheckpointAtOrBefore = db.prepare(
      "SELECT seq, state FROM doc_checkpoint WHERE doc_id = (SELECT id FROM doc_names WHERE name = ?) AND seq <= ? ORDER BY seq DESC LIMIT 1",
    );
    this.selectUpdatesAfter = db
      .prepare<[string, number], Uint8Array>(
        'SELECT "update" FROM doc_log WHERE doc_id = (SELECT id FROM doc_names WHERE name = ?) AND seq > ? ORDER BY seq',
      )
      .pluck();
    this.selectUpdatesBetween = db
      .prepare<[string, number, number], Uint8Array>(
        'SELECT "update" FROM doc_log WHERE doc_id = (SELECT id FROM doc_names WHERE name = ?) AND seq > ? AND seq <= ? ORDER BY seq',
      )
      .pluck();
    this.selectHistory = db.prepare(
      "SELECT seq, at, author FROM doc_log WHERE doc_id = (SELECT id FROM doc_names WHERE name = ?) ORDER BY seq",
    );
    // Walks the doc's range from its end; no index on `at`, which would slow every append.
    this.selectLastSeqAtOrBefore = db
      .prepare<[string, number], number>(
        "SELECT seq FROM doc_log WHERE doc_id = (SELECT id FROM doc_names WHERE name = ?) AND at <= ? ORDER BY seq DESC LIMIT 1",
      )
      .pluck();

    this.appendTransaction = db.transaction(
      (entries: readonly LogEntryInput[], checkpoints: readonly CheckpointInput[]) => {
        // Number everything and check the checkpoints before the first write.
        const staged = new Map<string, LastEntry>();
        const seqs = new Array<number>(entries.length);
        for (const [i, e] of entries.entries()) {
          let previous = staged.get(e.docName);
          if (previous === undefined) {
            previous = this.lastEntry(e.docName);
            if (previous.logBytes >= this.limits.maxDocLogBytes) {
              throw new StorageError(
                "quota-exceeded",
                `${e.docName} holds ${previous.logBytes} bytes of history (maxDocLogBytes ${this.limits.maxDocLogBytes})`,
              );
            }
          }
          const seq = previous.seq + 1;
          seqs[i] = seq;
          staged.set(e.docName, {
            seq,
            at: e.at,
            logBytes: previous.logBytes + e.update.byteLength,
          });
        }
        const covered = checkpoints.map((c) => {
          const last = staged.get(c.docName) ?? this.lastEntry(c.docName);
          if (last.seq === 0) {
            throw new StorageError(
              "invalid-checkpoint",
              `checkpoint of ${c.docName}, which has no log entries`,
            );
          }
          return last;
        });
        for (const docName of staged.keys()) {
          if (this.lastEntry(docName).seq === 0) this.insertDocName.run(docName);
        }
        for (const [i, e] of entries.entries()) {
          this.insertEntry.run(e.docName, seqs[i]!, e.at, e.author, e.update);
        }
        for (const [docName, last] of staged) this.upsertUsage.run(docName, last.logBytes);
        for (const [i, c] of checkpoints.entries()) {
          const last = covered[i]!;
          this.insertCheckpoint.run(c.docName, last.seq, last.at, last.logBytes, c.state);
          const extents = this.selectCheckpointExtents.all(c.docName);
          for (const seq of checkpointsToThin(extents, this.limits.checkpointSpacing)) {
            this.deleteCheckpoint.run(c.docName, seq);
          }
        }
        return staged;
      },
    );

    this.loadTransaction = db.transaction((docName: string): StoredDoc => {
      const checkpoint = this.selectLatestCheckpoint.get(docName);
      const checkpointSeq = checkpoint?.seq ?? 0;
      const updates = this.selectUpdatesAfter.all(docName, checkpointSeq).map(bytes);
      return {
        checkpoint: checkpoint === undefined ? null : bytes(checkpoint.state),
        checkpointSeq,
        updates,
        lastSeq: this.lastEntry(docName).seq,
      };
    });

    this.stateTransaction = db.transaction(
      (docName: string, at: number): { checkpoint: Uint8Array | null; updates: Uint8Array[] } => {
        // The state is the log prefix up to the last entry with `at <= t` (see DocStore.stateAt).
        const target = this.selectLastSeqAtOrBefore.get(docName, at) ?? 0;
        if (target === 0) return { checkpoint: null, updates: [] };
        const checkpoint = this.selectCheckpointAtOrBefore.get(docName, target);
        const from = checkpoint?.seq ?? 0;
        return {
          checkpoint: checkpoint === undefined ? null : checkpoint.state,
          updates: this.selectUpdatesBetween.all(docName, from, target),
        };
      },
    );
  }

  async append(
    entries: readonly LogEntryInput[],
    checkpoints: readonly CheckpointInput[] = [],
  ): Promise<AppendResult> {
    this.assertOpen();
    validateAppend(entries, checkpoints);
    const lastSeq = new Map<string, number>();
    if (entries.length === 0 && checkpoints.length === 0) return { lastSeq };
    // Immediate: take the write lock before reading last seqs, so no other connection's write can
    // slip between the read and the insert.
    const staged = this.appendTransaction.immediate(entries, checkpoints);
    // Only after the commit: a rolled-back call must not advance the cached seqs.
    for (const [docName, last] of staged) {
      this.lastEntries.set(docName, last);
      lastSeq.set(docName, last.seq);
    }
    return { lastSeq };
  }

  async load(docName: string): Promise<StoredDoc> {
    this.assertOpen();
    validateDocName(docName);
    return this.loadTransaction(docName);
  }

  async history(docName: string): Promise<HistoryEntry[]> {
    this.assertOpen();
    validateDocName(docName);
    return this.selectHistory.all(docName);
  }

  async stateAt(docName: string, at: number): Promise<Uint8Array> {
    this.assertOpen();
    validateDocName(docName);
    validateTime(at);
    const { checkpoint, updates } = this.stateTransaction(docName, at);
    return replayState(checkpoint, updates);
  }

  async usage(docName: string): Promise<DocUsage> {
    this.assertOpen();
    validateDocName(docName);
    const last = this.lastEntry(docName);
    const totals = this.selectCheckpointTotals.get(docName);
    return {
      entries: last.seq,
      logBytes: last.logBytes,
      checkpoints: totals?.checkpoints ?? 0,
      checkpointBytes: totals?.checkpointBytes ?? 0,
    };
  }

  async exists(docName: string): Promise<boolean> {
    this.assertOpen();
    validateDocName(docName);
    return this.lastEntry(docName).seq > 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.lastEntries.clear();
    await this.checkpointer?.stop();
    this.checkpointer = null;
    if (this.ownsDatabase) {
      // Lets SQLite refresh its query planner statistics for the next open.
      this.db.pragma("optimize");
      this.db.close();
    }
    this.logger.debug("doc store closed", { path: this.db.name });
  }

  private startBackgroundCheckpoints(): void {
    this.checkpointer = WalCheckpointer.start(this.db, { logger: this.logger });
  }

  /** The doc's last entry, from the cache or (first time) the log; the committed state. */
  protected lastEntry(docName: string): LastEntry {
    const cached = this.lastEntries.get(docName);
    if (cached !== undefined) return cached;
    const found = this.selectLastEntry.get(docName);
    if (found === undefined) return NO_ENTRY;
    const last = { ...found, logBytes: this.selectLogBytes.get(docName) ?? 0 };
    this.lastEntries.set(docName, last);
    return last;
  }

  protected assertOpen(): void {
    if (this.closed) throw new StorageError("closed", "the doc store is closed");
  }
}

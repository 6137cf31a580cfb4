// Over 400 lines on purpose: one `DocStore` implementation (append, read, checkpoint, thin, usage)
// over PostgreSQL; its SQL is kept together so it can be read against the SQLite one.
import type pg from "pg";
import type {
  AppendResult,
  CheckpointInput,
  DocStore,
  DocStoreLimits,
  DocUsage,
  HistoryEntry,
  LogEntryInput,
  StoredDoc,
} from "../DocStore";
import { type StorageLogger, silentLogger } from "../Logger";
import { replayState } from "../replayState";
import { StorageError } from "../StorageError";
import { checkpointsToThin, resolveDocStoreLimits } from "../storageLimits";
import { validateAppend, validateDocName, validateTime } from "../validateAppend";
import { openPgPool, type PgPoolOptions } from "./openPgPool";
import { type PgMigration, runPgMigrations } from "./pgMigrate";
import { pgTransaction } from "./pgTransaction";

/**
 * The doc tables on PostgreSQL, the same shape as SQLite's: `doc_log` (every update),
 * `doc_checkpoint` (full states, thinned) and `doc_usage` (each doc's last seq, time and log
 * bytes). `doc_usage` is also the per-doc row lock that serialises appends across instances.
 */
export const pgStorageMigrations: readonly PgMigration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE doc_log (
        doc_name TEXT NOT NULL,
        seq INTEGER NOT NULL,
        at BIGINT NOT NULL,
        author TEXT NOT NULL,
        "update" BYTEA NOT NULL,
        PRIMARY KEY (doc_name, seq)
      );
      CREATE TABLE doc_checkpoint (
        doc_name TEXT NOT NULL,
        seq INTEGER NOT NULL,
        at BIGINT NOT NULL,
        log_bytes BIGINT NOT NULL,
        state BYTEA NOT NULL,
        PRIMARY KEY (doc_name, seq)
      );
      CREATE TABLE doc_usage (
        doc_name TEXT PRIMARY KEY,
        last_seq INTEGER NOT NULL,
        last_at BIGINT NOT NULL,
        log_bytes BIGINT NOT NULL
      );
    `,
  },
  {
    // The fencing token of the owner that appended each entry (null without fencing).
    version: 2,
    sql: "ALTER TABLE doc_log ADD COLUMN fence BIGINT",
  },
];

/**
 * Fenced appends for several instances (see `PgLeases`): which lease covers a doc, and the
 * fence this instance holds for it. An append is refused (`StorageError` `"fenced"`, nothing
 * stored) unless, in its own transaction, the lease row still names this instance with that
 * fence; the row is share-locked until commit, so a takeover waits for the append to finish.
 */
export interface PgFencing {
  instanceId: string;
  /** The lease key (event id) of a doc and this instance's fence for it; null: not ours. */
  leaseOf(docName: string): { eventId: string; fence: number | null } | null;
}

/** The `schema_migrations` module name of the doc tables (the same as SQLite's). */
export const PG_STORAGE_MIGRATION_MODULE = "storage";

export interface PgDocStoreOptions {
  logger?: StorageLogger;
  /** Fenced appends when several instances share the tables; none by default. */
  fencing?: PgFencing;
  /** The history quota and checkpoint thinning; defaults in `defaultDocStoreLimits`. */
  limits?: Partial<DocStoreLimits>;
}

export interface PgDocStoreOpenOptions extends PgDocStoreOptions, PgPoolOptions {}

/** Rows per INSERT of log entries (6 parameters each; PostgreSQL allows 65,535 per statement). */
const LOG_ROWS_PER_INSERT = 1_000;

interface LastEntry {
  seq: number;
  at: number;
  logBytes: number;
}

/** A Buffer view of the bytes (no copy): what the driver sends as BYTEA. */
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A plain `Uint8Array` view of a driver Buffer. */
function bytes(buffer: Uint8Array): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * The `DocStore` on PostgreSQL (`pg`, pooled). Unlike SQLite's it caches nothing: several
 * instances may share the tables, so every append reads the doc's last seq under a row lock
 * (`doc_usage ... FOR UPDATE`) in its own transaction, and every read sees committed data.
 * Appends of many docs lock their usage rows in name order, so two appends never deadlock.
 *
 * One `append` is one transaction with one multi-row insert, so the room engine's batched log
 * writes (one call per flush) cost one round of statements, whatever their size.
 */
export class PgDocStore implements DocStore {
  private closed = false;
  private readonly limits: DocStoreLimits;

  /** Opens a pool to `options.connectionString` and migrates the doc tables; owns the pool. */
  static async open(options: PgDocStoreOpenOptions): Promise<PgDocStore> {
    const logger = options.logger ?? silentLogger;
    const pool = await openPgPool(options, (error) =>
      logger.warn("postgres idle client error", { error: error.message }),
    );
    try {
      return await PgDocStore.fromPool(pool, options, true);
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  /** Uses a pool the caller keeps owning (the event store shares it); migrates the doc tables. */
  static async fromPool(
    pool: pg.Pool,
    options: PgDocStoreOptions = {},
    ownsPool = false,
  ): Promise<PgDocStore> {
    const logger = options.logger ?? silentLogger;
    const version = await runPgMigrations(
      pool,
      PG_STORAGE_MIGRATION_MODULE,
      pgStorageMigrations,
      logger,
    );
    logger.debug("doc store opened", { backend: "postgres", schemaVersion: version });
    return new PgDocStore(pool, ownsPool, logger, options.limits, options.fencing ?? null);
  }

  private constructor(
    private readonly pool: pg.Pool,
    private readonly ownsPool: boolean,
    private readonly logger: StorageLogger,
    limits: Partial<DocStoreLimits> = {},
    private readonly fencing: PgFencing | null = null,
  ) {
    this.limits = resolveDocStoreLimits(limits);
  }

  async append(
    entries: readonly LogEntryInput[],
    checkpoints: readonly CheckpointInput[] = [],
  ): Promise<AppendResult> {
    this.assertOpen();
    validateAppend(entries, checkpoints);
    const lastSeq = new Map<string, number>();
    if (entries.length === 0 && checkpoints.length === 0) return { lastSeq };

    const docNames = [
      ...new Set([...entries.map((e) => e.docName), ...checkpoints.map((c) => c.docName)]),
    ].sort();
    const staged = await this.transaction(async (client) => {
      // Make sure every doc has a usage row to lock, then lock them in name order.
      await client.query(
        `INSERT INTO doc_usage (doc_name, last_seq, last_at, log_bytes)
         SELECT unnest($1::text[]), 0, 0, 0 ON CONFLICT (doc_name) DO NOTHING`,
        [docNames],
      );
      const { rows } = await client.query<{
        doc_name: string;
        last_seq: number;
        last_at: number;
        log_bytes: number;
      }>(
        `SELECT doc_name, last_seq, last_at, log_bytes FROM doc_usage
         WHERE doc_name = ANY($1::text[]) ORDER BY doc_name FOR UPDATE`,
        [docNames],
      );
      const fences = await this.checkFences(client, docNames);
      const committed = new Map<string, LastEntry>(
        rows.map((r) => [r.doc_name, { seq: r.last_seq, at: r.last_at, logBytes: r.log_bytes }]),
      );
      const lastOf = (docName: string): LastEntry =>
        committed.get(docName) ?? { seq: 0, at: 0, logBytes: 0 };

      const staged = new Map<string, LastEntry>();
      const names: string[] = [];
      const seqs: number[] = [];
      const ats: number[] = [];
      const authors: string[] = [];
      const updates: Buffer[] = [];
      for (const e of entries) {
        let previous = staged.get(e.docName);
        if (previous === undefined) {
          previous = lastOf(e.docName);
          if (previous.logBytes >= this.limits.maxDocLogBytes) {
            throw new StorageError(
              "quota-exceeded",
              `${e.docName} holds ${previous.logBytes} bytes of history (maxDocLogBytes ${this.limits.maxDocLogBytes})`,
            );
          }
        }
        const next = {
          seq: previous.seq + 1,
          at: e.at,
          logBytes: previous.logBytes + e.update.byteLength,
        };
        staged.set(e.docName, next);
        names.push(e.docName);
        seqs.push(next.seq);
        ats.push(e.at);
        authors.push(e.author);
        updates.push(toBuffer(e.update));
      }
      const covered = checkpoints.map((c) => {
        const last = staged.get(c.docName) ?? lastOf(c.docName);
        if (last.seq === 0) {
          throw new StorageError(
            "invalid-checkpoint",
            `checkpoint of ${c.docName}, which has no log entries`,
          );
        }
        return last;
      });

      if (names.length > 0) {
        // Multi-row VALUES, not unnest of arrays: the driver sends each BYTEA parameter as raw
        // bytes, where an array parameter would be hex text (measured: a 4 MB update took 6 s).
        for (let from = 0; from < names.length; from += LOG_ROWS_PER_INSERT) {
          const to = Math.min(names.length, from + LOG_ROWS_PER_INSERT);
          const values: unknown[] = [];
          const rows: string[] = [];
          for (let i = from; i < to; i++) {
            const p = values.length;
            rows.push(`($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6})`);
            values.push(
              names[i],
              seqs[i],
              ats[i],
              authors[i],
              updates[i],
              fences.get(names[i] as string) ?? null,
            );
          }
          await client.query(
            `INSERT INTO doc_log (doc_name, seq, at, author, "update", fence) VALUES ${rows.join(", ")}`,
            values,
          );
        }
        const usageNames = [...staged.keys()];
        const usage = usageNames.map((n) => staged.get(n) as LastEntry);
        await client.query(
          `UPDATE doc_usage u SET last_seq = v.seq, last_at = v.at, log_bytes = v.log_bytes
           FROM unnest($1::text[], $2::int[], $3::bigint[], $4::bigint[]) AS v(doc_name, seq, at, log_bytes)
           WHERE u.doc_name = v.doc_name`,
          [
            usageNames,
            usage.map((u) => u.seq),
            usage.map((u) => u.at),
            usage.map((u) => u.logBytes),
          ],
        );
      }
      for (const [i, c] of checkpoints.entries()) {
        const last = covered[i] as LastEntry;
        await client.query(
          `INSERT INTO doc_checkpoint (doc_name, seq, at, log_bytes, state) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (doc_name, seq) DO UPDATE SET at = excluded.at, log_bytes = excluded.log_bytes, state = excluded.state`,
          [c.docName, last.seq, last.at, last.logBytes, toBuffer(c.state)],
        );
        // octet_length reads a TOASTed value's size without fetching it.
        const extents = await client.query<{ seq: number; logBytes: number; size: number }>(
          `SELECT seq, log_bytes AS "logBytes", octet_length(state) AS size
           FROM doc_checkpoint WHERE doc_name = $1 ORDER BY seq`,
          [c.docName],
        );
        const drop = checkpointsToThin(extents.rows, this.limits.checkpointSpacing);
        if (drop.length > 0) {
          await client.query(
            "DELETE FROM doc_checkpoint WHERE doc_name = $1 AND seq = ANY($2::int[])",
            [c.docName, drop],
          );
        }
      }
      return staged;
    });
    for (const [docName, last] of staged) lastSeq.set(docName, last.seq);
    return { lastSeq };
  }

  /**
   * With fencing: checks, under a share lock held to commit, that this instance still holds each
   * doc's lease at the fence it acquired; returns each doc's fence for its log entries.
   */
  private async checkFences(
    client: pg.PoolClient,
    docNames: readonly string[],
  ): Promise<Map<string, number>> {
    const fences = new Map<string, number>();
    const fencing = this.fencing;
    if (fencing === null) return fences;
    const wanted = new Map<string, number>();
    const docsOf = new Map<string, string[]>();
    for (const docName of docNames) {
      const lease = fencing.leaseOf(docName);
      if (lease === null || lease.fence === null) {
        throw new StorageError("fenced", `${docName}: this instance holds no lease for it`, [
          docName,
        ]);
      }
      wanted.set(lease.eventId, lease.fence);
      fences.set(docName, lease.fence);
      docsOf.set(lease.eventId, [...(docsOf.get(lease.eventId) ?? []), docName]);
    }
    const { rows } = await client.query<{ event_id: string; owner: string; fence: number }>(
      `SELECT event_id, owner, fence FROM event_lease
       WHERE event_id = ANY($1::text[]) ORDER BY event_id FOR SHARE`,
      [[...wanted.keys()]],
    );
    const found = new Map(rows.map((r) => [r.event_id, r]));
    for (const [eventId, fence] of wanted) {
      const row = found.get(eventId);
      if (row === undefined || row.owner !== fencing.instanceId || row.fence !== fence) {
        throw new StorageError(
          "fenced",
          `event ${eventId}: lease is ${row === undefined ? "gone" : `held by another owner (fence ${row.fence})`}, this instance had fence ${fence}`,
          docsOf.get(eventId) ?? [],
        );
      }
    }
    return fences;
  }

  async load(docName: string): Promise<StoredDoc> {
    this.assertOpen();
    validateDocName(docName);
    return this.snapshot(async (client) => {
      const checkpoint = await client.query<{ seq: number; state: Buffer }>(
        "SELECT seq, state FROM doc_checkpoint WHERE doc_name = $1 ORDER BY seq DESC LIMIT 1",
        [docName],
      );
      const latest = checkpoint.rows[0];
      const checkpointSeq = latest?.seq ?? 0;
      const updates = await client.query<{ update: Buffer }>(
        'SELECT "update" FROM doc_log WHERE doc_name = $1 AND seq > $2 ORDER BY seq',
        [docName, checkpointSeq],
      );
      const last = await client.query<{ last_seq: number }>(
        "SELECT last_seq FROM doc_usage WHERE doc_name = $1",
        [docName],
      );
      return {
        checkpoint: latest === undefined ? null : bytes(latest.state),
        checkpointSeq,
        updates: updates.rows.map((r) => bytes(r.update)),
        lastSeq: last.rows[0]?.last_seq ?? 0,
      };
    });
  }

  async history(docName: string): Promise<HistoryEntry[]> {
    this.assertOpen();
    validateDocName(docName);
    const { rows } = await this.query<HistoryEntry>(
      "SELECT seq, at, author FROM doc_log WHERE doc_name = $1 ORDER BY seq",
      [docName],
    );
    return rows;
  }

  async stateAt(docName: string, at: number): Promise<Uint8Array> {
    this.assertOpen();
    validateDocName(docName);
    validateTime(at);
    const { checkpoint, updates } = await this.snapshot(async (client) => {
      // The log prefix up to the last entry with `at <= t` (see DocStore.stateAt). An infinite
      // time means "now"; BIGINT cannot hold it.
      const bound = Number.isFinite(at)
        ? at
        : at > 0
          ? Number.MAX_SAFE_INTEGER
          : -Number.MAX_SAFE_INTEGER;
      const target = await client.query<{ seq: number }>(
        "SELECT seq FROM doc_log WHERE doc_name = $1 AND at <= $2 ORDER BY seq DESC LIMIT 1",
        [docName, Math.floor(bound)],
      );
      const seq = target.rows[0]?.seq ?? 0;
      if (seq === 0) return { checkpoint: null, updates: [] as Uint8Array[] };
      const found = await client.query<{ seq: number; state: Buffer }>(
        "SELECT seq, state FROM doc_checkpoint WHERE doc_name = $1 AND seq <= $2 ORDER BY seq DESC LIMIT 1",
        [docName, seq],
      );
      const from = found.rows[0]?.seq ?? 0;
      const tail = await client.query<{ update: Buffer }>(
        'SELECT "update" FROM doc_log WHERE doc_name = $1 AND seq > $2 AND seq <= $3 ORDER BY seq',
        [docName, from, seq],
      );
      return {
        checkpoint: found.rows[0] === undefined ? null : bytes(found.rows[0].state),
        updates: tail.rows.map((r) => bytes(r.update)),
      };
    });
    return replayState(checkpoint, updates);
  }

  async usage(docName: string): Promise<DocUsage> {
    this.assertOpen();
    validateDocName(docName);
    return this.snapshot(async (client) => {
      const usage = await client.query<{ last_seq: number; log_bytes: number }>(
        "SELECT last_seq, log_bytes FROM doc_usage WHERE doc_name = $1",
        [docName],
      );
      const totals = await client.query<{ checkpoints: number; checkpoint_bytes: number | null }>(
        `SELECT count(*)::int AS checkpoints, sum(octet_length(state))::bigint AS checkpoint_bytes
         FROM doc_checkpoint WHERE doc_name = $1`,
        [docName],
      );
      return {
        entries: usage.rows[0]?.last_seq ?? 0,
        logBytes: usage.rows[0]?.log_bytes ?? 0,
        checkpoints: totals.rows[0]?.checkpoints ?? 0,
        checkpointBytes: totals.rows[0]?.checkpoint_bytes ?? 0,
      };
    });
  }

  async exists(docName: string): Promise<boolean> {
    this.assertOpen();
    validateDocName(docName);
    const { rows } = await this.query<{ last_seq: number }>(
      "SELECT last_seq FROM doc_usage WHERE doc_name = $1",
      [docName],
    );
    return (rows[0]?.last_seq ?? 0) > 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsPool) await this.pool.end();
    this.logger.debug("doc store closed", { backend: "postgres" });
  }

  private async query<R extends pg.QueryResultRow>(
    text: string,
    values: unknown[],
  ): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(text, values);
  }

  /** Runs `work` in a read-write transaction; rolls back on any error. */
  private transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return pgTransaction(this.pool, work);
  }

  /** Runs `work` in a read-only REPEATABLE READ transaction: its reads see one snapshot. */
  private snapshot<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return pgTransaction(this.pool, work, "snapshot");
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageError("closed", "the doc store is closed");
  }
}

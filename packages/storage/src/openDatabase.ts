import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

/** How long a connection waits for another one's write lock before failing with SQLITE_BUSY. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

export interface OpenDatabaseOptions {
  /** Defaults to {@link DEFAULT_BUSY_TIMEOUT_MS}. */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) a SQLite file configured the way Tablecloth stores data, so the
 * server's own tables can share the connection with a `SqliteDocStore`:
 *
 * - `journal_mode = WAL`: readers never block the writer, and a commit is one sequential append.
 * - `synchronous = NORMAL`: no fsync per commit (only at WAL checkpoints). A process crash loses
 *   nothing committed; an OS crash or power loss may lose the last transaction(s), never corrupts.
 * - `busy_timeout`: wait instead of failing when another connection holds the write lock.
 * - `foreign_keys = ON` for the server's relational tables.
 *
 * Creates the file's directory if missing (a fresh `DATA_DIR`). `":memory:"` gives a private
 * in-memory database (its journal mode stays `memory`).
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database.Database {
  if (path !== ":memory:" && path !== "") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma(
      `busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS))}`,
    );
    db.pragma("foreign_keys = ON");
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

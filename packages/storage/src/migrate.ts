import type BetterSqlite3 from "better-sqlite3";
import { type StorageLogger, silentLogger } from "./Logger";
import { StorageError } from "./StorageError";

/** One schema step of a module. Versions start at 1 and only grow; a shipped step never changes. */
export interface Migration {
  version: number;
  /** Applies the step; runs inside the migration transaction, so it must not open its own. */
  up(db: BetterSqlite3.Database): void;
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  module TEXT NOT NULL,
  version INTEGER NOT NULL,
  applied_at INTEGER NOT NULL,
  PRIMARY KEY (module, version)
)`;

/**
 * Brings `moduleName`'s tables up to the newest of `migrations`, recording each applied step in
 * `schema_migrations(module, version, applied_at)`. Several modules (storage, the server's events
 * and participants) share one database file, each with its own version line.
 *
 * All pending steps run in one `BEGIN IMMEDIATE` transaction: the schema moves to the newest version
 * or stays where it was, and a second process migrating at the same moment waits instead of
 * applying a step twice. Running it again is a no-op. Refuses (a `StorageError` with code
 * `"migration"`) a database that holds a version this code does not know: newer code migrated it.
 *
 * @returns the module's schema version after the run.
 */
export function runMigrations(
  db: BetterSqlite3.Database,
  moduleName: string,
  migrations: readonly Migration[],
  logger: StorageLogger = silentLogger,
): number {
  if (moduleName.length === 0) throw new StorageError("migration", "empty migration module name");
  let previous = 0;
  for (const m of migrations) {
    if (!Number.isSafeInteger(m.version) || m.version <= previous) {
      throw new StorageError(
        "migration",
        `${moduleName}: migration versions must be integers ascending from 1, got ${m.version} after ${previous}`,
      );
    }
    previous = m.version;
  }

  const migrate = db.transaction((): number => {
    db.exec(CREATE_TABLE);
    const applied = new Set(
      db
        .prepare<[string], number>("SELECT version FROM schema_migrations WHERE module = ?")
        .pluck()
        .all(moduleName),
    );
    const known = new Set(migrations.map((m) => m.version));
    const unknown = [...applied].filter((v) => !known.has(v));
    if (unknown.length > 0) {
      throw new StorageError(
        "migration",
        `${moduleName}: the database has schema version(s) ${unknown.join(", ")} that this code does not know; it was migrated by a newer version`,
      );
    }
    const record = db.prepare<[string, number, number]>(
      "INSERT INTO schema_migrations (module, version, applied_at) VALUES (?, ?, ?)",
    );
    let current = 0;
    for (const m of migrations) {
      if (!applied.has(m.version)) {
        m.up(db);
        record.run(moduleName, m.version, Date.now());
        logger.info("schema migration applied", { module: moduleName, version: m.version });
      }
      current = m.version;
    }
    return current;
  });
  return migrate.immediate();
}

import type pg from "pg";
import { type StorageLogger, silentLogger } from "../Logger";
import { StorageError } from "../StorageError";
import { pgTransaction } from "./pgTransaction";

/** One schema step of a module on PostgreSQL. Versions start at 1 and only grow. */
export interface PgMigration {
  version: number;
  /** SQL run inside the migration transaction (several statements allowed). */
  sql: string;
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  module TEXT NOT NULL,
  version INTEGER NOT NULL,
  applied_at BIGINT NOT NULL,
  PRIMARY KEY (module, version)
)`;

/**
 * The PostgreSQL twin of `runMigrations`: brings `moduleName`'s tables up to the newest of
 * `migrations`, recording each step in `schema_migrations` of the connection's schema. All pending
 * steps run in one transaction under a transaction-scoped advisory lock, so instances starting
 * at the same moment apply each step once. Refuses a database migrated by newer code.
 *
 * @returns the module's schema version after the run.
 */
export async function runPgMigrations(
  pool: pg.Pool,
  moduleName: string,
  migrations: readonly PgMigration[],
  logger: StorageLogger = silentLogger,
): Promise<number> {
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
  return pgTransaction(pool, async (client) => {
    // One lock per schema (search_path), so tests in separate schemas do not wait on each other.
    await client.query(
      "SELECT pg_advisory_xact_lock(hashtext('tablecloth_migrations:' || current_schema()))",
    );
    await client.query(CREATE_TABLE);
    const { rows } = await client.query<{ version: number }>(
      "SELECT version FROM schema_migrations WHERE module = $1",
      [moduleName],
    );
    const applied = new Set(rows.map((r) => r.version));
    const known = new Set(migrations.map((m) => m.version));
    const unknown = [...applied].filter((v) => !known.has(v));
    if (unknown.length > 0) {
      throw new StorageError(
        "migration",
        `${moduleName}: the database has schema version(s) ${unknown.join(", ")} that this code does not know; it was migrated by a newer version`,
      );
    }
    let current = 0;
    for (const m of migrations) {
      if (!applied.has(m.version)) {
        await client.query(m.sql);
        await client.query(
          "INSERT INTO schema_migrations (module, version, applied_at) VALUES ($1, $2, $3)",
          [moduleName, m.version, Date.now()],
        );
        logger.info("schema migration applied", { module: moduleName, version: m.version });
      }
      current = m.version;
    }
    return current;
  });
}

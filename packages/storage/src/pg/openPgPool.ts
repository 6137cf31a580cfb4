import type pg from "pg";

/** Where and how to reach PostgreSQL. */
export interface PgPoolOptions {
  /** A `postgres://` URL (never logged: it may hold a password). */
  connectionString: string;
  /** Tables live in this schema (created if missing); default the server's `search_path`. */
  schema?: string | undefined;
  /** Pool size; default 10. */
  max?: number | undefined;
  /** Milliseconds to wait for a connection before a call fails; default 5,000. */
  connectionTimeoutMillis?: number | undefined;
  /** Per-statement timeout in milliseconds; default 30,000. */
  statementTimeoutMillis?: number | undefined;
}

const INT8_OID = 20;

/**
 * BIGINT columns (times in epoch ms, byte counts) come back as numbers: every value we store is far
 * below 2^53. Other types keep the driver's parsers.
 */
function typesOf(driver: typeof pg) {
  return {
    getTypeParser(oid: number, format?: "text" | "binary"): (value: string) => unknown {
      if (oid === INT8_OID && format !== "binary") return (value: string) => Number(value);
      return driver.types.getTypeParser(oid, format ?? "text") as (value: string) => unknown;
    },
  };
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A pool whose every connection uses `options.schema` (created here if missing). A pool error on an
 * idle client (the server restarted, the network blipped) is reported to `onError` instead of
 * crashing the process; the next query reconnects.
 *
 * The driver is imported here, on the first pool: a server on SQLite never loads it (in the
 * compiled server it is a module of its own, `server/scripts/build.mjs`).
 */
export async function openPgPool(
  options: PgPoolOptions,
  onError: (error: Error) => void = () => {},
): Promise<pg.Pool> {
  const schema = options.schema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(schema)}`);
  }
  const { default: driver } = await import("pg");
  if (schema !== undefined) {
    const admin = new driver.Client({ connectionString: options.connectionString });
    admin.on("error", () => {});
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new driver.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
    statement_timeout: options.statementTimeoutMillis ?? 30_000,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
    types: typesOf(driver),
  });
  pool.on("error", onError);
  return pool;
}

import pg from "pg";

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
const types = {
  getTypeParser(oid: number, format?: "text" | "binary"): (value: string) => unknown {
    if (oid === INT8_OID && format !== "binary") return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format ?? "text") as (value: string) => unknown;
  },
};

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A pool whose every connection uses `options.schema` (created here if missing). A pool error on an
 * idle client (the server restarted, the network blipped) is reported to `onError` instead of
 * crashing the process; the next query reconnects.
 */
export async function openPgPool(
  options: PgPoolOptions,
  onError: (error: Error) => void = () => {},
): Promise<pg.Pool> {
  const schema = options.schema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(schema)}`);
  }
  if (schema !== undefined) {
    const admin = new pg.Client({ connectionString: options.connectionString });
    admin.on("error", () => {});
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
    statement_timeout: options.statementTimeoutMillis ?? 30_000,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
    types,
  });
  pool.on("error", onError);
  return pool;
}

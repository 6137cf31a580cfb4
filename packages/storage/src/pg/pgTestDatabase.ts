import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * How tests reach PostgreSQL: `TABLECLOTH_TEST_PG_URL`, default the local server every machine of
 * this project runs (127.0.0.1:5432, trust auth, database `test`).
 */
export const PG_TEST_URL =
  process.env.TABLECLOTH_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** Set (to 1) where the services must exist, as `.ci/run` does: then a missing one fails the run. */
export const SERVICES_REQUIRED = process.env.TABLECLOTH_REQUIRE_SERVICES === "1";

/** Null when PostgreSQL answers; otherwise why not (for the skip message). */
export async function pgUnavailableReason(url: string = PG_TEST_URL): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return `PostgreSQL at ${new URL(url).host} is not reachable (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Decides once per test file whether the PostgreSQL tests run. Returns true to run them; false
 * (after saying so on stderr) to skip them; throws when `TABLECLOTH_REQUIRE_SERVICES=1`, so CI
 * never skips them silently.
 */
export async function pgTestsEnabled(suite: string): Promise<boolean> {
  const reason = await pgUnavailableReason();
  if (reason === null) return true;
  if (SERVICES_REQUIRED) {
    throw new Error(`${suite}: TABLECLOTH_REQUIRE_SERVICES=1 but ${reason}`);
  }
  process.stderr.write(`skipped ${suite}: ${reason}\n`);
  return false;
}

/** A fresh schema name per test, so tests run side by side without seeing each other's rows. */
export function testSchemaName(): string {
  return `t_${randomBytes(6).toString("hex")}`;
}

/** Drops a test schema and everything in it. */
export async function dropTestSchema(schema: string, url: string = PG_TEST_URL): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

import { openDatabase, openPgPool } from "@tablecloth/storage";
import {
  dropTestSchema,
  PG_TEST_URL,
  pgTestsEnabled,
  testSchemaName,
} from "@tablecloth/storage/pg-test";
import type { Database } from "better-sqlite3";
import type pg from "pg";
import { afterAll, describe } from "vitest";
import { PgUploadLedger } from "./PgUploadLedger";
import { SqliteUploadLedger } from "./SqliteUploadLedger";
import { uploadLedgerContract } from "./uploadLedgerContract";

const databases: Database[] = [];
const pools: { pool: pg.Pool; schema: string }[] = [];
afterAll(async () => {
  for (const db of databases.splice(0)) db.close();
  for (const { pool, schema } of pools.splice(0)) {
    await pool.end();
    await dropTestSchema(schema);
  }
});

uploadLedgerContract("SqliteUploadLedger", async () => {
  const db = openDatabase(":memory:");
  databases.push(db);
  return SqliteUploadLedger.open(db);
});

// PostgreSQL: skipped with the reason where it is missing, required where
// TABLECLOTH_REQUIRE_SERVICES=1 (CI).
const pgEnabled = await pgTestsEnabled("PgUploadLedger contract");
describe.runIf(pgEnabled)("on PostgreSQL", () => {
  uploadLedgerContract("PgUploadLedger", async () => {
    const schema = testSchemaName();
    const pool = await openPgPool({ connectionString: PG_TEST_URL, schema, max: 4 });
    pools.push({ pool, schema });
    return PgUploadLedger.open(pool);
  });
});

import { describe } from "vitest";
import { PgDocStore } from "../pg/PgDocStore";
import { dropTestSchema, PG_TEST_URL, pgTestsEnabled, testSchemaName } from "../pg/pgTestDatabase";
import { docStoreContract } from "./docStoreContract";

// Needs PostgreSQL (TABLECLOTH_TEST_PG_URL, default 127.0.0.1:5432/test): skipped with the reason
// on a machine without it, and a failure where TABLECLOTH_REQUIRE_SERVICES=1 (CI).
const enabled = await pgTestsEnabled("PgDocStore contract");

describe.runIf(enabled)("PgDocStore on PostgreSQL", () => {
  // A schema per test; reopen opens a new pool on the same schema (what a restarted or a second
  // instance sees).
  docStoreContract("PgDocStore", async (limits) => {
    const schema = testSchemaName();
    const open = () => PgDocStore.open({ connectionString: PG_TEST_URL, schema, limits, max: 4 });
    return {
      store: await open(),
      reopen: open,
      cleanup: () => dropTestSchema(schema),
    };
  });
});

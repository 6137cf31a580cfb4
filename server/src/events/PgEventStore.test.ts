import { openPgPool } from "@tablecloth/storage";
import {
  dropTestSchema,
  PG_TEST_URL,
  pgTestsEnabled,
  testSchemaName,
} from "@tablecloth/storage/pg-test";
import type pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { eventStoreContract } from "./eventStoreContract";
import { PgEventStore } from "./PgEventStore";

// Needs PostgreSQL (TABLECLOTH_TEST_PG_URL, default 127.0.0.1:5432/test): skipped with the reason
// on a machine without it, a failure where TABLECLOTH_REQUIRE_SERVICES=1 (CI).
const enabled = await pgTestsEnabled("PgEventStore contract");

const opened: { pool: pg.Pool; schema: string }[] = [];
async function freshPool(): Promise<pg.Pool> {
  const schema = testSchemaName();
  const pool = await openPgPool({ connectionString: PG_TEST_URL, schema, max: 4 });
  opened.push({ pool, schema });
  return pool;
}
afterAll(async () => {
  for (const { pool, schema } of opened.splice(0)) {
    await pool.end();
    await dropTestSchema(schema);
  }
});

describe.runIf(enabled)("PgEventStore on PostgreSQL", () => {
  eventStoreContract("PgEventStore", async () => PgEventStore.open(await freshPool()));

  it("holds the member cap under concurrent joins", async () => {
    const store = await PgEventStore.open(await freshPool());
    await store.createEvent(
      {
        id: "e1",
        title: "t",
        purpose: "",
        format: "world-cafe",
        joinCode: "CAPCAP",
        joinOpen: true,
        controlDocName: "e1.control",
        createdAt: 1,
      },
      { id: "f1", eventId: "e1", name: "F", role: "facilitator", joinedAt: 1, removedAt: null },
    );
    const joins = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.addParticipantWithin(
          {
            id: `p${i}`,
            eventId: "e1",
            name: `P${i}`,
            role: "participant",
            joinedAt: 2 + i,
            removedAt: null,
          },
          6,
        ),
      ),
    );
    expect(joins.filter(Boolean)).toHaveLength(5);
    expect(await store.listParticipants("e1")).toHaveLength(6);
  });

  it("migrates once: a second instance opening the same schema keeps the data", async () => {
    const pool = await freshPool();
    const [a, b] = await Promise.all([PgEventStore.open(pool), PgEventStore.open(pool)]);
    await a.createEvent(
      {
        id: "e2",
        title: "t",
        purpose: "",
        format: "path",
        joinCode: "TWOTWO",
        joinOpen: true,
        controlDocName: "e2.control",
        createdAt: 1,
      },
      { id: "f2", eventId: "e2", name: "F", role: "facilitator", joinedAt: 1, removedAt: null },
    );
    expect((await b.getEvent("e2"))?.format).toBe("path");
  });
});

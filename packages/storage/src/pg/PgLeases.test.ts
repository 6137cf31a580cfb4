import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { StorageError } from "../StorageError";
import { openPgPool } from "./openPgPool";
import { PgDocStore } from "./PgDocStore";
import { PgLeases } from "./PgLeases";
import { dropTestSchema, PG_TEST_URL, pgTestsEnabled, testSchemaName } from "./pgTestDatabase";

// Needs PostgreSQL: skipped with the reason without it, a failure where
// TABLECLOTH_REQUIRE_SERVICES=1 (CI).
const enabled = await pgTestsEnabled("PgLeases");

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Two instances on one fresh schema, sharing a clock the test moves. */
async function twoInstances() {
  const schema = testSchemaName();
  const clock = { now: 1_000_000 };
  const pools: pg.Pool[] = [];
  const open = async (instanceId: string) => {
    const pool = await openPgPool({ connectionString: PG_TEST_URL, schema, max: 4 });
    pools.push(pool);
    const leases = await PgLeases.open(pool, {
      instanceId,
      url: `http://${instanceId}.test`,
      ttlMs: 5_000,
      now: () => clock.now,
    });
    const store = await PgDocStore.fromPool(pool, {
      fencing: {
        instanceId,
        leaseOf: (docName) => {
          const eventId = docName.slice(0, docName.indexOf("."));
          return { eventId, fence: leases.fenceOf(eventId) };
        },
      },
    });
    return { leases, store, pool };
  };
  const a = await open("a");
  const b = await open("b");
  cleanups.push(async () => {
    for (const pool of pools) await pool.end();
    await dropTestSchema(schema);
  });
  return { a, b, clock, schema };
}

function update(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getArray<string>("items").push([text]);
  return Y.encodeStateAsUpdate(doc);
}

describe.runIf(enabled)("PgLeases on PostgreSQL", () => {
  it("gives an event one owner, whoever asks first and however many ask at once", async () => {
    const { a, b } = await twoInstances();
    expect((await a.leases.ownerOf("e1")).instanceId).toBe("a");
    const seenByB = await b.leases.ownerOf("e1");
    expect(seenByB).toMatchObject({ instanceId: "a", url: "http://a.test", fence: 1 });
    expect(b.leases.fenceOf("e1")).toBeNull();

    const racing = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).leases.ownerOf("e2")),
    );
    expect(new Set(racing.map((o) => `${o.instanceId}/${o.fence}`)).size).toBe(1);
  });

  it("hands a dead owner's event over with the next fence, and fences the old owner's appends", async () => {
    const { a, b, clock, schema } = await twoInstances();
    await a.leases.ownerOf("e1");
    await a.store.append([{ docName: "e1.t", update: update("from a"), at: 1, author: "p" }]);
    // B cannot write what A owns.
    await expect(
      b.store.append([{ docName: "e1.t", update: update("from b"), at: 2, author: "p" }]),
    ).rejects.toMatchObject({ code: "fenced" });

    // A stops renewing; once its ttl has passed B takes the event.
    clock.now += 5_001;
    await b.leases.heartbeat();
    expect(await b.leases.ownerOf("e1")).toMatchObject({ instanceId: "b", fence: 2 });
    // A (paused, not dead) tries to write: refused, nothing stored.
    const late = a.store.append([
      { docName: "e1.t", update: update("late a"), at: 3, author: "p" },
    ]);
    await expect(late).rejects.toBeInstanceOf(StorageError);
    await expect(late).rejects.toMatchObject({ code: "fenced" });
    await b.store.append([{ docName: "e1.t", update: update("from b"), at: 4, author: "p" }]);
    // A's heartbeat tells it what it lost.
    expect(await a.leases.heartbeat()).toEqual(["e1"]);
    expect((await a.leases.ownerOf("e1")).instanceId).toBe("b");

    // The log says who wrote what: fences never go down along the seqs.
    const client = new pg.Client({ connectionString: PG_TEST_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ seq: number; fence: string }>(
        `SELECT seq, fence FROM ${schema}.doc_log WHERE doc_name = 'e1.t' ORDER BY seq`,
      );
      expect(rows.map((r) => [r.seq, Number(r.fence)])).toEqual([
        [1, 1],
        [2, 2],
      ]);
    } finally {
      await client.end();
    }
  });

  it("an owner whose address refuses connections loses its events at once, not after its ttl", async () => {
    const { a, b } = await twoInstances();
    await a.leases.ownerOf("e4");
    // A wrong url (a restarted process elsewhere) changes nothing.
    await b.leases.declareUnreachable("a", "http://elsewhere.test");
    expect((await b.leases.ownerOf("e4")).instanceId).toBe("a");
    await b.leases.declareUnreachable("a", "http://a.test");
    expect(await b.leases.ownerOf("e4")).toMatchObject({ instanceId: "b", fence: 2 });
  });

  it("a live owner keeps its events; a released one frees them at once", async () => {
    const { a, b, clock } = await twoInstances();
    await a.leases.ownerOf("e3");
    clock.now += 4_000;
    await a.leases.heartbeat();
    clock.now += 4_000;
    expect((await b.leases.ownerOf("e3")).instanceId).toBe("a");
    await a.leases.release();
    expect(await b.leases.ownerOf("e3")).toMatchObject({ instanceId: "b", fence: 2 });
  });
});

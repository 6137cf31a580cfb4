import type pg from "pg";

/** How a transaction begins. */
export type PgTransactionMode = "read-write" | "snapshot";

const BEGIN: Record<PgTransactionMode, string> = {
  "read-write": "BEGIN",
  // Every read of the transaction sees one snapshot.
  snapshot: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
};

/**
 * Runs `work` in one transaction on a pooled client: commits when it resolves, rolls back when it
 * throws. While checked out the client has an `error` listener, so a connection PostgreSQL drops
 * between two statements (a restart, a network blip) rejects the call instead of crashing the
 * process with an unhandled `error` event; such a client is destroyed, not returned to the pool.
 */
export async function pgTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  mode: PgTransactionMode = "read-write",
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error): void => {
    broken = error;
  };
  client.on("error", onError);
  try {
    await client.query(BEGIN[mode]);
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    if (broken === undefined) {
      await client.query("ROLLBACK").catch((rollback: Error) => {
        broken = rollback;
      });
    }
    throw error;
  } finally {
    client.off("error", onError);
    client.release(broken);
  }
}

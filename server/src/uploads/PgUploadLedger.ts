import {
  type PgMigration,
  pgTransaction,
  runPgMigrations,
  type StorageLogger,
} from "@tablecloth/storage";
import type pg from "pg";
import type { RecordUploadResult, UploadEntry, UploadLedger, UploadQuotas } from "./UploadLedger";
import { UPLOADS_MIGRATION_MODULE } from "./uploadMigrations";

/** The uploads ledger's schema on PostgreSQL (the same table as SQLite's). Append, never edit. */
export const pgUploadMigrations: readonly PgMigration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE uploads (
        event_id TEXT NOT NULL,
        hash TEXT NOT NULL,
        participant_id TEXT NOT NULL,
        bytes BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (event_id, hash)
      );
      CREATE INDEX uploads_by_participant ON uploads(participant_id);
    `,
  },
];

/**
 * `UploadLedger` on PostgreSQL. A participant uploads only into their own event, so one
 * transaction-scoped advisory lock per event serialises every quota check of that event across
 * instances; other events are not held up.
 */
export class PgUploadLedger implements UploadLedger {
  static async open(pool: pg.Pool, logger?: StorageLogger): Promise<PgUploadLedger> {
    await runPgMigrations(pool, UPLOADS_MIGRATION_MODULE, pgUploadMigrations, logger);
    return new PgUploadLedger(pool);
  }

  private constructor(private readonly pool: pg.Pool) {}

  record(entry: UploadEntry, quotas: UploadQuotas): Promise<RecordUploadResult> {
    return pgTransaction(this.pool, async (client) => {
      await client.query("SELECT pg_advisory_xact_lock(hashtext('uploads:' || $1))", [
        entry.eventId,
      ]);
      return this.recordLocked(client, entry, quotas);
    });
  }

  private async recordLocked(
    client: pg.PoolClient,
    entry: UploadEntry,
    quotas: UploadQuotas,
  ): Promise<RecordUploadResult> {
    const has = await client.query("SELECT 1 FROM uploads WHERE event_id = $1 AND hash = $2", [
      entry.eventId,
      entry.hash,
    ]);
    if ((has.rowCount ?? 0) > 0) return { ok: true, added: false };
    const { rows } = await client.query<{ event: number | null; own: number | null }>(
      `SELECT (SELECT sum(bytes) FROM uploads WHERE event_id = $1)::bigint AS event,
              (SELECT sum(bytes) FROM uploads WHERE participant_id = $2)::bigint AS own`,
      [entry.eventId, entry.participantId],
    );
    const event = rows[0]?.event ?? 0;
    if (event + entry.bytes > quotas.perEventBytes) return { ok: false, exceeded: "event" };
    const own = rows[0]?.own ?? 0;
    if (own + entry.bytes > quotas.perParticipantBytes) {
      return { ok: false, exceeded: "participant" };
    }
    await client.query(
      "INSERT INTO uploads (event_id, hash, participant_id, bytes, created_at) VALUES ($1, $2, $3, $4, $5)",
      [entry.eventId, entry.hash, entry.participantId, entry.bytes, entry.at],
    );
    return { ok: true, added: true };
  }
}

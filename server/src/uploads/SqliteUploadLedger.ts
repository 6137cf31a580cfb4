import { runMigrations, type StorageLogger } from "@tablecloth/storage";
import type { Database, Statement } from "better-sqlite3";
import type { RecordUploadResult, UploadEntry, UploadLedger, UploadQuotas } from "./UploadLedger";
import { UPLOADS_MIGRATION_MODULE, uploadMigrations } from "./uploadMigrations";

/** `UploadLedger` in the server's shared SQLite file (table `uploads`). */
export class SqliteUploadLedger implements UploadLedger {
  private readonly has: Statement<[string, string], { n: number }>;
  private readonly eventBytes: Statement<[string], { bytes: number | null }>;
  private readonly participantBytes: Statement<[string], { bytes: number | null }>;
  private readonly insert: Statement<[UploadEntry]>;
  private readonly recordTransaction: (
    entry: UploadEntry,
    quotas: UploadQuotas,
  ) => RecordUploadResult;

  /** Migrates the uploads table in `db` and opens the ledger. */
  static open(db: Database, logger?: StorageLogger): SqliteUploadLedger {
    runMigrations(db, UPLOADS_MIGRATION_MODULE, uploadMigrations, logger);
    return new SqliteUploadLedger(db);
  }

  private constructor(db: Database) {
    this.has = db.prepare("SELECT count(*) AS n FROM uploads WHERE event_id = ? AND hash = ?");
    this.eventBytes = db.prepare("SELECT sum(bytes) AS bytes FROM uploads WHERE event_id = ?");
    this.participantBytes = db.prepare(
      "SELECT sum(bytes) AS bytes FROM uploads WHERE participant_id = ?",
    );
    this.insert = db.prepare(
      "INSERT INTO uploads (event_id, hash, participant_id, bytes, created_at) VALUES (@eventId, @hash, @participantId, @bytes, @at)",
    );
    this.recordTransaction = db.transaction(
      (entry: UploadEntry, quotas: UploadQuotas): RecordUploadResult => {
        if ((this.has.get(entry.eventId, entry.hash)?.n ?? 0) > 0)
          return { ok: true, added: false };
        const event = this.eventBytes.get(entry.eventId)?.bytes ?? 0;
        if (event + entry.bytes > quotas.perEventBytes) return { ok: false, exceeded: "event" };
        const own = this.participantBytes.get(entry.participantId)?.bytes ?? 0;
        if (own + entry.bytes > quotas.perParticipantBytes) {
          return { ok: false, exceeded: "participant" };
        }
        this.insert.run(entry);
        return { ok: true, added: true };
      },
    );
  }

  async record(entry: UploadEntry, quotas: UploadQuotas): Promise<RecordUploadResult> {
    return this.recordTransaction(entry, quotas);
  }
}

import type { Migration } from "@tablecloth/storage";

/** Versioned schema of the uploads ledger, applied by `runMigrations`. Append, never edit. */
export const UPLOADS_MIGRATION_MODULE = "uploads";

export const uploadMigrations: readonly Migration[] = [
  {
    version: 1,
    up: (db) =>
      db.exec(`
CREATE TABLE uploads (
  event_id TEXT NOT NULL,
  hash TEXT NOT NULL,
  participant_id TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (event_id, hash)
);
CREATE INDEX uploads_by_participant ON uploads(participant_id);
`),
  },
];

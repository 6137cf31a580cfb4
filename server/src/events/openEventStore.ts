import { runMigrations, type StorageLogger } from "@tablecloth/storage";
import type { Database } from "better-sqlite3";
import { EVENTS_MIGRATION_MODULE, eventMigrations } from "./eventMigrations";
import { SqliteEventStore } from "./SqliteEventStore";

/** Migrates the events schema in `db` (the server's shared SQLite file) and opens the store. */
export function openEventStore(db: Database, logger?: StorageLogger): SqliteEventStore {
  runMigrations(db, EVENTS_MIGRATION_MODULE, eventMigrations, logger);
  return new SqliteEventStore(db);
}

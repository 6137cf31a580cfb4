export type {
  AppendResult,
  CheckpointInput,
  DocStore,
  DocStoreLimits,
  DocUsage,
  HistoryEntry,
  LogEntryInput,
  StoredDoc,
} from "./DocStore";
export type { StorageLogger } from "./Logger";
export { silentLogger } from "./Logger";
export type { MemoryCheckpoint, MemoryDocRecord, MemoryLogEntry } from "./MemoryDocStore";
export { MemoryDocStore } from "./MemoryDocStore";
export type { Migration } from "./migrate";
export { runMigrations } from "./migrate";
export type { OpenDatabaseOptions } from "./openDatabase";
export { DEFAULT_BUSY_TIMEOUT_MS, openDatabase } from "./openDatabase";
export type { PgPoolOptions } from "./pg/openPgPool";
export { openPgPool } from "./pg/openPgPool";
export type { PgDocStoreOpenOptions, PgDocStoreOptions, PgFencing } from "./pg/PgDocStore";
export { PG_STORAGE_MIGRATION_MODULE, PgDocStore, pgStorageMigrations } from "./pg/PgDocStore";
export type { EventOwner, PgLeasesOptions } from "./pg/PgLeases";
export {
  DEFAULT_LEASE_TTL_MS,
  PG_LEASE_MIGRATION_MODULE,
  PgLeases,
  pgLeaseMigrations,
} from "./pg/PgLeases";
export type { PgMigration } from "./pg/pgMigrate";
export { runPgMigrations } from "./pg/pgMigrate";
export type { PgTransactionMode } from "./pg/pgTransaction";
export { pgTransaction } from "./pg/pgTransaction";
export type { SqliteDocStoreOpenOptions, SqliteDocStoreOptions } from "./SqliteDocStore";
export { SqliteDocStore, STORAGE_MIGRATION_MODULE, storageMigrations } from "./SqliteDocStore";
export type { StorageErrorCode } from "./StorageError";
export { StorageError } from "./StorageError";
export type { CheckpointExtent } from "./storageLimits";
export { checkpointsToThin, defaultDocStoreLimits, resolveDocStoreLimits } from "./storageLimits";
export type { WalCheckpointerOptions } from "./WalCheckpointer";
export { DEFAULT_WAL_CHECKPOINT_INTERVAL_MS, WalCheckpointer } from "./WalCheckpointer";

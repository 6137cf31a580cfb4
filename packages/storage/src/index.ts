export type {
  AppendResult,
  CheckpointInput,
  DocStore,
  HistoryEntry,
  LogEntryInput,
  StoredDoc,
} from "./DocStore";
export type { StorageLogger } from "./Logger";
export { silentLogger } from "./Logger";
export type { MemoryCheckpoint, MemoryDocRecord, MemoryLogEntry } from "./MemoryDocStore";
export { MemoryDocStore } from "./MemoryDocStore";
export type { StorageErrorCode } from "./StorageError";
export { StorageError } from "./StorageError";

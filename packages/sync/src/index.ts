export type { ConnectionState, SyncConnection } from "./Connection";
export type { ClientMessage } from "./decodeMessage";
export { decodeMessage } from "./decodeMessage";
export {
  encodeAwarenessMessage,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
} from "./encodeMessage";
export { MessageType, SyncMessageType } from "./messageType";
export { type TokenBucket, takeToken } from "./RateLimiter";
export type { RoomState } from "./Room";
export { SYSTEM_AUTHOR } from "./RoomHost";
export { realScheduler } from "./realScheduler";
export type { SyncConfig } from "./SyncConfig";
export { defaultSyncConfig, MAX_PERSIST_FLUSH_MS, resolveSyncConfig } from "./SyncConfig";
export { SyncError } from "./SyncError";
export type { SyncMetrics } from "./SyncMetrics";
export type { SyncServerOptions } from "./SyncServer";
export { SyncServer } from "./SyncServer";
export { silentLogger } from "./silentLogger";
export type { ConnectionContext, Logger, Scheduler, SyncSocket, TimerHandle } from "./types";
export type { DecodedUpdate } from "./validateUpdate";
export { validateUpdate } from "./validateUpdate";
export type { WriteGuard } from "./WriteGuard";

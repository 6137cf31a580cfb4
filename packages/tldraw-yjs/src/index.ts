export type { BindTldrawToYjsOptions, PresenceUser } from "./BindTldrawToYjsOptions";
export type { BindPresenceOptions } from "./bindPresence";
export { bindPresence, presenceRecordId } from "./bindPresence";
export { bindTldrawToYjs } from "./bindTldrawToYjs";
export type { StoredSchema } from "./boardDoc";
export { getMetaMap, getRecordsMap, readDocSchema } from "./boardDoc";
export {
  DEFAULT_BATCH_MS,
  DEFAULT_PRESENCE_INTERVAL_MS,
  DEFAULT_PRESENCE_MAX_BYTES,
  META_MAP_NAME,
  MIGRATION_ORIGIN,
  PRESENCE_FIELD,
  PROTECTED_EDITOR_STATES,
  RECORDS_MAP_NAME,
  REPLACED_ON_LOAD_TYPES,
  SCHEMA_KEY,
  SELECTED_COUNT_META_KEY,
} from "./config";
export { FACILITATOR_LOCK_META_KEY, isFacilitatorLocked } from "./facilitatorLocks";
export type { TldrawYjsLogger } from "./Logger";
export { silentLogger } from "./Logger";
export type { QuarantinedRecord } from "./Quarantine";
export type { Scheduler, TimerHandle } from "./Scheduler";
export { globalScheduler } from "./Scheduler";
export type { TldrawYjsBinding } from "./TldrawYjsBinding";
export { jsonBytes, trimPresence } from "./trimPresence";

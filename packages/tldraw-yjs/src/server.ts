/**
 * Server entry of @tablecloth/tldraw-yjs: works in Node without a DOM (imports only yjs,
 * @tldraw/tlschema and @tldraw/store, never `tldraw` or `@tldraw/editor`).
 */
export type { StoredSchema } from "./boardDoc";
export { getMetaMap, getRecordsMap, readDocSchema } from "./boardDoc";
export { MIGRATION_ORIGIN, RECORDS_MAP_NAME, SCHEMA_KEY } from "./config";
export {
  FACILITATOR_LOCK_META_KEY,
  isFacilitatorLocked,
  touchesFacilitatorLocks,
} from "./facilitatorLocks";
export type { TldrawYjsLogger } from "./Logger";
export type { MigrateBoardDocOptions, MigrateBoardDocResult } from "./migrateBoardDoc";
export { migrateBoardDoc } from "./migrateBoardDoc";
export type { NoteRecordInput } from "./noteRecord";
export { noteRecord } from "./noteRecord";
export type { PlainRecord } from "./recordCodec";
export { jsonEqual, recordToYMap, writeRecordDiff, yMapToRecord } from "./recordCodec";
export type { DecodedUpdate, TouchesRecordsOptions } from "./recordWriteGuard";
export { touchesRecords } from "./recordWriteGuard";

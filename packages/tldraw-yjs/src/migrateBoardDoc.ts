import type { SerializedSchema, StoreSnapshot } from "@tldraw/store";
import { createTLSchema, type TLRecord, type TLSchema } from "@tldraw/tlschema";
import * as Y from "yjs";
import { getRecordsMap, readDocSchema, sameSchema, writeDocSchema } from "./boardDoc";
import { MIGRATION_ORIGIN } from "./config";
import { silentLogger, type TldrawYjsLogger } from "./Logger";
import { recordToYMap, writeRecordDiff, yMapToRecord } from "./recordCodec";

/** Options of {@link migrateBoardDoc}. */
export interface MigrateBoardDocOptions {
  /** The schema to migrate to. Default: `createTLSchema()` (tldraw's default shapes). */
  schema?: TLSchema;
  logger?: TldrawYjsLogger;
  /** Origin of the migration transaction. Default {@link MIGRATION_ORIGIN}. */
  origin?: unknown;
}

/** Outcome of {@link migrateBoardDoc}. */
export type MigrateBoardDocResult =
  | { status: "up-to-date"; migrated: 0 }
  | { status: "migrated"; migrated: number; removed: number; added: number }
  | { status: "failed"; migrated: 0; reason: string };

/**
 * Migrate a board doc's tldraw records to the current schema, once, on the server, when the doc is
 * loaded. Reads the schema stored in the doc, runs tldraw's migrations over every record, and writes
 * back only the changed fields (and the new schema) in one transaction tagged `origin`. A no-op
 * (nothing written) when the doc is empty or already current. Never throws on a failed migration:
 * the doc is left untouched and the reason returned, so the board still loads.
 */
export function migrateBoardDoc(
  doc: Y.Doc,
  options: MigrateBoardDocOptions = {},
): MigrateBoardDocResult {
  const logger = options.logger ?? silentLogger;
  const schema = options.schema ?? createTLSchema();
  const target = schema.serialize();
  const records = getRecordsMap(doc);
  const stored = readDocSchema(doc);

  if (records.size === 0) return { status: "up-to-date", migrated: 0 };
  if (stored && sameSchema(stored, target)) return { status: "up-to-date", migrated: 0 };
  if (!stored) {
    // Every writer stores its schema; a doc without one was written by a client of this version.
    logger.warn("tldraw-yjs: board doc has records but no schema; assuming current");
    doc.transact(() => writeDocSchema(doc, target), options.origin ?? MIGRATION_ORIGIN);
    return { status: "up-to-date", migrated: 0 };
  }

  const originals = new Map<string, Record<string, unknown>>();
  const input: Record<string, TLRecord> = {};
  records.forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    originals.set(id, yMapToRecord(value));
    input[id] = yMapToRecord(value) as unknown as TLRecord;
  });
  const snapshot: StoreSnapshot<TLRecord> = {
    store: input as StoreSnapshot<TLRecord>["store"],
    schema: stored as SerializedSchema,
  };
  const result = schema.migrateStoreSnapshot(snapshot);
  if (result.type === "error") {
    logger.error("tldraw-yjs: board doc migration failed", { reason: result.reason });
    return { status: "failed", migrated: 0, reason: String(result.reason) };
  }

  const output = result.value as Record<string, TLRecord>;
  let migrated = 0;
  let removed = 0;
  let added = 0;
  doc.transact(() => {
    for (const [id, before] of originals) {
      const after = output[id];
      if (!after) {
        records.delete(id);
        removed++;
        continue;
      }
      const map = records.get(id);
      if (map instanceof Y.Map && writeRecordDiff(map, before, after) > 0) migrated++;
    }
    for (const [id, record] of Object.entries(output)) {
      if (originals.has(id)) continue;
      records.set(id, recordToYMap(record));
      added++;
    }
    writeDocSchema(doc, target);
  }, options.origin ?? MIGRATION_ORIGIN);
  logger.info("tldraw-yjs: board doc migrated", { migrated, removed, added });
  return { status: "migrated", migrated, removed, added };
}

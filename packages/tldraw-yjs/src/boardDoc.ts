import type * as Y from "yjs";
import { META_MAP_NAME, RECORDS_MAP_NAME, SCHEMA_KEY } from "./config";

/** A tldraw schema as `StoreSchema.serialize()` produces it (v2), or the older v1 shape. */
export type StoredSchema = {
  schemaVersion: number;
  sequences?: Record<string, number>;
  storeVersion?: number;
  recordVersions?: Record<string, unknown>;
};

/** The doc's records map: record id → `Y.Map` of the record's fields. */
export function getRecordsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(RECORDS_MAP_NAME);
}

/** The doc's metadata map (holds the serialized schema). */
export function getMetaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(META_MAP_NAME);
}

/** The schema the doc's records were written with, or null when the doc has none yet. */
export function readDocSchema(doc: Y.Doc): StoredSchema | null {
  const value = getMetaMap(doc).get(SCHEMA_KEY);
  if (value === null || typeof value !== "object") return null;
  const schemaVersion = (value as { schemaVersion?: unknown }).schemaVersion;
  if (typeof schemaVersion !== "number") return null;
  return value as StoredSchema;
}

/** Store `schema` in the doc (call inside a transaction). */
export function writeDocSchema(doc: Y.Doc, schema: StoredSchema): void {
  getMetaMap(doc).set(SCHEMA_KEY, schema);
}

/** Whether two serialized schemas name the same migration sequences at the same versions. */
export function sameSchema(a: StoredSchema, b: StoredSchema): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(s: StoredSchema): unknown {
  const seq = s.sequences ?? {};
  const sorted = Object.keys(seq)
    .sort()
    .map((k) => [k, seq[k]]);
  return [s.schemaVersion, sorted, s.storeVersion ?? null, s.recordVersions ?? null];
}

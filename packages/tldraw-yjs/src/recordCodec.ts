import * as Y from "yjs";
import { NESTED_FIELDS } from "./config";

/** A tldraw record as plain JSON (every record has `id` and `typeName`). */
export type PlainRecord = { id: string; typeName: string } & Record<string, unknown>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Structural equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    return a.every((v, i) => jsonEqual(v, b[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => jsonEqual(ao[k], bo[k]));
}

function isNestedField(key: string, value: unknown): value is Record<string, unknown> {
  return NESTED_FIELDS.includes(key) && isPlainObject(value);
}

function nestedMap(fields: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(fields)) {
    if (v !== undefined) map.set(k, v);
  }
  return map;
}

/** A new `Y.Map` holding `record`: one entry per field, `props` and `meta` as nested `Y.Map`s. */
export function recordToYMap(record: object): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    map.set(key, isNestedField(key, value) ? nestedMap(value) : value);
  }
  return map;
}

/** The plain record a `Y.Map` holds (nested maps read back as objects). */
export function yMapToRecord(map: Y.Map<unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  map.forEach((value, key) => {
    out[key] = value instanceof Y.AbstractType ? value.toJSON() : value;
  });
  return out;
}

/**
 * Write into `map` only the fields that differ between `before` and `after` (what this client
 * changed), leaving fields others changed concurrently intact. Nested fields are diffed per
 * sub-field. Returns the number of entries written or deleted.
 */
export function writeRecordDiff(
  map: Y.Map<unknown>,
  beforeRecord: object,
  afterRecord: object,
): number {
  const before = beforeRecord as Record<string, unknown>;
  const after = afterRecord as Record<string, unknown>;
  let writes = 0;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    const prev = before[key];
    const next = after[key];
    if (jsonEqual(prev, next)) continue;
    if (next === undefined) {
      map.delete(key);
      writes++;
      continue;
    }
    if (isNestedField(key, next)) {
      const current = map.get(key);
      if (current instanceof Y.Map && isPlainObject(prev)) {
        writes += writeFieldsDiff(current, prev, next);
        continue;
      }
      map.set(key, nestedMap(next));
      writes++;
      continue;
    }
    map.set(key, next);
    writes++;
  }
  return writes;
}

function writeFieldsDiff(
  map: Y.Map<unknown>,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): number {
  let writes = 0;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    const next = after[key];
    if (jsonEqual(before[key], next)) continue;
    if (next === undefined) map.delete(key);
    else map.set(key, next);
    writes++;
  }
  return writes;
}

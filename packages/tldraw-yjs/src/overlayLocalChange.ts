import { NESTED_FIELDS } from "./config";
import { jsonEqual } from "./recordCodec";

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * `remote` with the fields this client changed (from `before` to `after`) and has not yet written
 * laid over it: what the doc will hold once the pending local change is flushed. Applying this
 * instead of `remote` keeps an unflushed local edit from being undone by a remote one.
 */
export function overlayLocalChange(
  remote: Record<string, unknown>,
  before: object,
  after: object,
): Record<string, unknown> {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const out: Record<string, unknown> = { ...remote };
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (jsonEqual(b[key], a[key])) continue;
    const prev = b[key];
    const next = a[key];
    const base = out[key];
    if (NESTED_FIELDS.includes(key) && isObject(prev) && isObject(next) && isObject(base)) {
      const merged: Record<string, unknown> = { ...base };
      for (const sub of new Set([...Object.keys(prev), ...Object.keys(next)])) {
        if (jsonEqual(prev[sub], next[sub])) continue;
        if (next[sub] === undefined) delete merged[sub];
        else merged[sub] = next[sub];
      }
      out[key] = merged;
    } else if (next === undefined) {
      delete out[key];
    } else {
      out[key] = next;
    }
  }
  return out;
}

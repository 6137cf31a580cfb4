import type { DocStoreLimits } from "./DocStore";
import { StorageError } from "./StorageError";

/**
 * The defaults of every backend's {@link DocStoreLimits}. No quota by default: the server sets it
 * from the room engine's `maxDocHistoryBytes` (one named limit for the engine's admission check
 * and the store's refusal).
 *
 * `checkpointSpacing` 2: older checkpoints take at most half the log's bytes, and a seek replays
 * at most one checkpoint interval plus two states' worth of updates (measured: `tests/load`
 * `history` scenario).
 */
export const defaultDocStoreLimits: Readonly<DocStoreLimits> = Object.freeze({
  maxDocLogBytes: Number.POSITIVE_INFINITY,
  checkpointSpacing: 2,
});

/** Defaults overlaid with `overrides`; throws a `StorageError` ("invalid-limits") for nonsense. */
export function resolveDocStoreLimits(overrides: Partial<DocStoreLimits> = {}): DocStoreLimits {
  const limits: DocStoreLimits = { ...defaultDocStoreLimits };
  for (const key of Object.keys(defaultDocStoreLimits) as (keyof DocStoreLimits)[]) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
      throw new StorageError(
        "invalid-limits",
        `${key} must be a number >= 0, got ${String(value)}`,
      );
    }
    limits[key] = value;
  }
  return limits;
}

/** One stored checkpoint as thinning sees it. */
export interface CheckpointExtent {
  seq: number;
  /** The doc's log bytes up to and including `seq`. */
  logBytes: number;
  /** The state's size. */
  size: number;
}

/**
 * The checkpoints to delete so that, besides the latest, each kept one is followed by at least
 * `spacing` × its size of log bytes before the next kept one. `checkpoints` ascending by seq.
 * Greedy from the latest backwards; stable: a checkpoint kept once stays kept as the log grows.
 */
export function checkpointsToThin(
  checkpoints: readonly CheckpointExtent[],
  spacing: number,
): number[] {
  const drop: number[] = [];
  const latest = checkpoints.at(-1);
  if (latest === undefined) return drop;
  let anchor = latest.logBytes;
  for (let i = checkpoints.length - 2; i >= 0; i--) {
    const c = checkpoints[i]!;
    if (anchor - c.logBytes >= spacing * c.size) anchor = c.logBytes;
    else drop.push(c.seq);
  }
  return drop;
}

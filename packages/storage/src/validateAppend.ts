import type { CheckpointInput, LogEntryInput } from "./DocStore";
import { StorageError } from "./StorageError";

/** Throws a `StorageError` unless `docName` is a non-empty string. */
export function validateDocName(docName: unknown): asserts docName is string {
  if (typeof docName !== "string" || docName.length === 0) {
    throw new StorageError("invalid-doc-name", `invalid doc name: ${JSON.stringify(docName)}`);
  }
}

/**
 * Checks a whole `append` call before any backend writes a byte of it, so a batch with one bad
 * entry stores nothing. Throws a `StorageError` on the first problem found.
 */
export function validateAppend(
  entries: readonly LogEntryInput[],
  checkpoints: readonly CheckpointInput[],
): void {
  for (const [i, entry] of entries.entries()) {
    validateDocName(entry.docName);
    if (!(entry.update instanceof Uint8Array)) {
      throw new StorageError(
        "invalid-update",
        `entry ${i} (${entry.docName}): update is not a Uint8Array`,
      );
    }
    if (typeof entry.at !== "number" || !Number.isFinite(entry.at)) {
      throw new StorageError(
        "invalid-entry",
        `entry ${i} (${entry.docName}): at is not a finite number`,
      );
    }
    if (typeof entry.author !== "string") {
      throw new StorageError(
        "invalid-entry",
        `entry ${i} (${entry.docName}): author is not a string`,
      );
    }
  }
  const seen = new Set<string>();
  for (const checkpoint of checkpoints) {
    validateDocName(checkpoint.docName);
    if (!(checkpoint.state instanceof Uint8Array)) {
      throw new StorageError(
        "invalid-update",
        `checkpoint of ${checkpoint.docName}: state is not a Uint8Array`,
      );
    }
    if (seen.has(checkpoint.docName)) {
      throw new StorageError(
        "invalid-checkpoint",
        `two checkpoints of ${checkpoint.docName} in one call`,
      );
    }
    seen.add(checkpoint.docName);
  }
}

/** Throws a `StorageError` unless `at` is a number other than NaN (±Infinity are fine bounds). */
export function validateTime(at: unknown): asserts at is number {
  if (typeof at !== "number" || Number.isNaN(at)) {
    throw new StorageError("invalid-time", `invalid time: ${String(at)}`);
  }
}

/**
 * Why a storage call was refused. Validation codes are raised before anything is written, so a
 * rejected `append` stores nothing.
 */
export type StorageErrorCode =
  /** A doc name that is not a non-empty string. */
  | "invalid-doc-name"
  /** An update or checkpoint state that is not a `Uint8Array`. */
  | "invalid-update"
  /** An entry whose `at` is not a finite number or whose `author` is not a string. */
  | "invalid-entry"
  /** A checkpoint that covers nothing (the doc has no log entries) or a second one for a doc. */
  | "invalid-checkpoint"
  /** A `stateAt` time that is not a number (NaN). */
  | "invalid-time"
  /** Entries of a doc whose stored log already reached the history quota (`maxDocLogBytes`). */
  | "quota-exceeded"
  /** Limits that are not numbers >= 0. */
  | "invalid-limits"
  /** The store was closed. */
  | "closed"
  /** An append for a doc whose event lease this instance does not hold (another owns it now). */
  | "fenced"
  /** A migration list that is malformed, or a database migrated by newer code than this. */
  | "migration";

/** The one error type storage backends throw for refused calls. */
export class StorageError extends Error {
  override readonly name = "StorageError";

  constructor(
    readonly code: StorageErrorCode,
    message: string,
    /** For `"fenced"`: the docs of the call that this instance may no longer write. */
    readonly docNames: readonly string[] = [],
  ) {
    super(message);
  }
}

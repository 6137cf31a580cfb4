/**
 * Every problem the café core reports, in one place. A `CafeError` names what was wrong (`code`)
 * and where (`tableId`, `participantId`), so a UI can point at the offending table or person
 * instead of showing a stack trace.
 */
export const CafeErrorCode = {
  /** No tables at all: nobody can be seated. */
  NoTables: "no-tables",
  /** A table id is empty or not a string. */
  InvalidTableId: "invalid-table-id",
  /** Two tables share an id. */
  DuplicateTable: "duplicate-table",
  /** A capacity that is not a positive integer. */
  InvalidCapacity: "invalid-capacity",
  /** A seating, move or host refers to a table that does not exist. */
  UnknownTable: "unknown-table",
  /** A move or lookup names a participant who is not in the seating. */
  UnknownParticipant: "unknown-participant",
  /** One person is host of two tables. */
  DuplicateHost: "duplicate-host",
  /** A host is seated at a table other than the one they host. */
  HostSeatedElsewhere: "host-seated-elsewhere",
  /** A hand edit tried to move a host: hosts stay (change the host on the table instead). */
  HostCannotMove: "host-cannot-move",
  /** A hand edit would put more people at a table than its capacity. */
  TableFull: "table-full",
  /** A round-timer transition that the current state does not allow (e.g. pause when not running). */
  InvalidTransition: "invalid-transition",
  /** A duration or extension that is not a finite number of milliseconds. */
  InvalidDuration: "invalid-duration",
  /** A value to write to the control doc is malformed (e.g. a doc name that is not URL-safe). */
  InvalidValue: "invalid-value",
  /** The control doc's seating changed since the plan was made: plan again. */
  StalePlan: "stale-plan",
  /** Someone volunteered to host a table that already has another host. */
  TableHasHost: "table-has-host",
  /** A participant tried to change tables while only facilitators seat people. */
  MovementClosed: "movement-closed",
  /** A seating to apply leaves out someone of the plan's base (each needs a seat or `null`). */
  IncompleteSeating: "incomplete-seating",
  /** Starting a round beyond the café's round count: the set number of rounds has been held. */
  RoundsOver: "rounds-over",
} as const;

export type CafeErrorCode = (typeof CafeErrorCode)[keyof typeof CafeErrorCode];

/** Where a `CafeError` happened, when it is about one table or one person. */
export interface CafeErrorDetails {
  readonly tableId?: string;
  readonly participantId?: string;
}

/** A validation or transition error of the café core, discriminated by `code`. */
export class CafeError extends Error {
  readonly code: CafeErrorCode;
  readonly tableId: string | undefined;
  readonly participantId: string | undefined;

  constructor(code: CafeErrorCode, message: string, details: CafeErrorDetails = {}) {
    super(message);
    this.name = "CafeError";
    this.code = code;
    this.tableId = details.tableId;
    this.participantId = details.participantId;
  }
}

/** True when `error` is a `CafeError`, optionally of one `code`. */
export function isCafeError(error: unknown, code?: CafeErrorCode): error is CafeError {
  return error instanceof CafeError && (code === undefined || error.code === code);
}

/**
 * Every problem the Open Space rules report, in one place. The server maps each code to an HTTP
 * status (a state that does not allow the action is a 409; a malformed request a 400; a caller who
 * may not do it a 403), and the client can point at the cell or session named in `details`.
 */
export const OpenSpaceErrorCode = {
  /** The cell (space × slot) already holds a session. */
  CellTaken: "cell-taken",
  /** A grid edit would remove a space or slot that holds a session. */
  CellOccupied: "cell-occupied",
  /** A space, slot or session id that does not exist. */
  UnknownSpace: "unknown-space",
  UnknownSlot: "unknown-slot",
  UnknownSession: "unknown-session",
  /** Two spaces or two slots share an id, or a grid is over its limit. */
  InvalidGrid: "invalid-grid",
  /** A value that breaks a rule of its own (empty title, capacity below 1, text too long). */
  InvalidValue: "invalid-value",
  /** The caller may not change this session (only its conveners and facilitators may). */
  NotAllowed: "not-allowed",
  /** The session has a capacity and it is reached: it is closed to new sign-ups. */
  SessionFull: "session-full",
  /** Someone already convenes as many sessions as a convener may. */
  TooManySessions: "too-many-sessions",
  /** A session cannot be merged into itself. */
  SelfMerge: "self-merge",
} as const;

export type OpenSpaceErrorCode = (typeof OpenSpaceErrorCode)[keyof typeof OpenSpaceErrorCode];

/** Where an `OpenSpaceError` happened. */
export interface OpenSpaceErrorDetails {
  readonly spaceId?: string;
  readonly slotId?: string;
  readonly sessionId?: string;
  /** The request field that was wrong, for a malformed value. */
  readonly field?: string;
}

/**
 * A rule of the marketplace was broken; nothing was changed. A refusal is an answer, not a fault:
 * it carries no stack trace (capturing one through the route's async frames was 4 % of the
 * server's CPU on the posting rush, where 1,400 of 1,500 posts are refused).
 */
export class OpenSpaceError extends Error {
  override readonly name = "OpenSpaceError";
  readonly code: OpenSpaceErrorCode;
  readonly details: OpenSpaceErrorDetails;

  constructor(code: OpenSpaceErrorCode, message: string, details: OpenSpaceErrorDetails = {}) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(message);
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.code = code;
    this.details = details;
  }
}

export function isOpenSpaceError(error: unknown): error is OpenSpaceError {
  return error instanceof OpenSpaceError;
}

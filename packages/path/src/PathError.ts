/** Why a PATH rule refused a change; the server maps `code` to an HTTP status. */
export type PathErrorCode =
  /** A step that is neither the next one nor one already reached. */
  | "out_of_order"
  /** Data that does not fit its step (missing owner, a date outside the step's horizon, …). */
  | "invalid_data"
  /** An id that names nothing in the plan. */
  | "not_found";

export class PathError extends Error {
  constructor(
    readonly code: PathErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "PathError";
  }
}

/** Why a controls rule refused a change; the server maps `code` to an HTTP status. */
export type ControlsErrorCode =
  /** A message that is empty, too long, or holds characters a banner cannot show. */
  "invalid_message";

export class ControlsError extends Error {
  constructor(
    readonly code: ControlsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ControlsError";
  }
}

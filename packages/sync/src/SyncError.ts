import type { CloseCode } from "@tablecloth/protocol";

/**
 * A refusal the engine answers by closing a connection (or rejecting a server-side call) with
 * `code`. Thrown by the decoders and validators; caught at the connection boundary.
 */
export class SyncError extends Error {
  override readonly name = "SyncError";
  constructor(
    readonly code: CloseCode,
    message: string,
  ) {
    super(message);
  }
}

import { CloseCode } from "@tablecloth/protocol";
import * as Y from "yjs";
import { SyncError } from "./SyncError";

/**
 * Decodes a Yjs v1 update completely (structs, contents and delete set) without touching any doc,
 * so a malformed update is refused before it can reach the live doc. Throws `SyncError(BadMessage)`.
 */
export function validateUpdate(update: Uint8Array): void {
  if (update.byteLength < 2) throw new SyncError(CloseCode.BadMessage, "update too short");
  try {
    Y.decodeUpdate(update);
  } catch (err) {
    throw new SyncError(
      CloseCode.BadMessage,
      `invalid update: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

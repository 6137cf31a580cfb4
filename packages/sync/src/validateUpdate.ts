import { CloseCode } from "@tablecloth/protocol";
import * as Y from "yjs";
import { SyncError } from "./SyncError";

/** A Yjs update decoded by `validateUpdate`: its structs and delete set. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/**
 * Decodes a Yjs v1 update completely (structs, contents and delete set) without touching any doc,
 * so a malformed update is refused before it can reach the live doc. Throws `SyncError(BadMessage)`.
 * Returns what it decoded (the engine reads the clients and deletes an update touches from it).
 */
export function validateUpdate(update: Uint8Array): DecodedUpdate {
  if (update.byteLength < 2) throw new SyncError(CloseCode.BadMessage, "update too short");
  try {
    return Y.decodeUpdate(update);
  } catch (err) {
    throw new SyncError(
      CloseCode.BadMessage,
      `invalid update: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

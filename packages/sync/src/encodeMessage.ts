import * as encoding from "lib0/encoding";
import { MessageType, SyncMessageType } from "./messageType";

function encodeSync(subType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, subType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** A sync step 1 frame carrying `stateVector` (`Y.encodeStateVector`). */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return encodeSync(SyncMessageType.Step1, stateVector);
}

/** A sync step 2 frame carrying a Yjs update (the answer to a step 1). */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return encodeSync(SyncMessageType.Step2, update);
}

/** A sync update frame. */
export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  return encodeSync(SyncMessageType.Update, update);
}

/** An awareness frame carrying `encodeAwarenessUpdate` output. */
export function encodeAwarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** A query-awareness frame (asks the peer for all its awareness states). */
export function encodeQueryAwareness(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.QueryAwareness);
  return encoding.toUint8Array(encoder);
}

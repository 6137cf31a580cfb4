import * as encoding from "lib0/encoding";
import { MessageType, SyncMessageType } from "./messageType";

/**
 * A sync frame, written straight into one exact-size array (a frame per accepted update per tick:
 * lib0's growable encoder allocated and copied twice as much).
 */
function encodeSync(subType: number, payload: Uint8Array): Uint8Array {
  let length = payload.byteLength;
  let lengthBytes = 1;
  while (length > 0x7f) {
    length >>>= 7;
    lengthBytes++;
  }
  // Both type bytes are single-byte varuints (< 128).
  const frame = new Uint8Array(2 + lengthBytes + payload.byteLength);
  frame[0] = MessageType.Sync;
  frame[1] = subType;
  let at = 2;
  length = payload.byteLength;
  while (length > 0x7f) {
    frame[at++] = (length & 0x7f) | 0x80;
    length >>>= 7;
  }
  frame[at++] = length;
  frame.set(payload, at);
  return frame;
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

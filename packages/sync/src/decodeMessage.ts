import { CloseCode } from "@tablecloth/protocol";
import * as decoding from "lib0/decoding";
import * as Y from "yjs";
import { MessageType, SyncMessageType } from "./messageType";
import { SyncError } from "./SyncError";

/** One frame from a client, decoded. Update payloads are not validated here (see `validateUpdate`). */
export type ClientMessage =
  | { type: "syncStep1"; stateVector: Uint8Array }
  | { type: "syncStep2"; update: Uint8Array }
  | { type: "update"; update: Uint8Array }
  | { type: "awareness"; update: Uint8Array }
  | { type: "queryAwareness" };

function bad(message: string): SyncError {
  return new SyncError(CloseCode.BadMessage, message);
}

/**
 * Decodes exactly one y-websocket message from a frame. Throws a `SyncError` with
 * `CloseCode.BadMessage` for an empty or truncated frame, an unknown type, trailing bytes or a
 * malformed state vector.
 */
export function decodeMessage(frame: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(frame);
  let message: ClientMessage;
  try {
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.Sync: {
        const subType = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (subType === SyncMessageType.Step1) {
          // Decoding now means a garbage state vector closes the sender instead of throwing later.
          Y.decodeStateVector(payload);
          message = { type: "syncStep1", stateVector: payload };
        } else if (subType === SyncMessageType.Step2) {
          message = { type: "syncStep2", update: payload };
        } else if (subType === SyncMessageType.Update) {
          message = { type: "update", update: payload };
        } else {
          throw bad(`unknown sync message type ${subType}`);
        }
        break;
      }
      case MessageType.Awareness:
        message = { type: "awareness", update: decoding.readVarUint8Array(decoder) };
        break;
      case MessageType.QueryAwareness:
        message = { type: "queryAwareness" };
        break;
      default:
        throw bad(`unknown message type ${type}`);
    }
  } catch (err) {
    if (err instanceof SyncError) throw err;
    throw bad(`malformed frame: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (decoding.hasContent(decoder)) throw bad("trailing bytes after the message");
  return message;
}

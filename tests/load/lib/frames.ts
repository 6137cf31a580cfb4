import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

/**
 * The y-websocket protocol v1 frames the load clients send and the few facts they read back,
 * encoded by hand with lib0 so a client needs no Y.Doc or Awareness instance.
 */

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

/** Sync step 1 with an empty state vector: "send me everything". */
export const SYNC_STEP_1_EMPTY = frame((e) => {
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_STEP_1);
  encoding.writeVarUint8Array(e, new Uint8Array([0]));
});

/** Sync step 2 carrying an empty update: the answer of a client that holds nothing. */
export const SYNC_STEP_2_EMPTY = frame((e) => {
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_STEP_2);
  encoding.writeVarUint8Array(e, new Uint8Array([0, 0]));
});

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** A sync message (step 1, step 2 or update) around a payload. */
export function encodeSyncFrame(step: number, payload: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, step);
    encoding.writeVarUint8Array(e, payload);
  });
}

/** An awareness frame holding one client's state (JSON text) at a clock. */
export function encodeAwarenessFrame(
  clientId: number,
  clock: number,
  stateJson: string,
): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, clientId);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, stateJson);
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  });
}

/** What a received frame is, with its payload when the scenario needs one. */
export type ReceivedFrame =
  | { kind: "step1" }
  | { kind: "step2"; update: Uint8Array }
  | { kind: "update"; update: Uint8Array }
  | { kind: "awareness"; payload: Uint8Array }
  | { kind: "other"; type: number };

/** Reads the message type and, for sync and awareness messages, their payload (no copy). */
export function readFrame(data: Uint8Array): ReceivedFrame {
  const decoder = decoding.createDecoder(data);
  const type = decoding.readVarUint(decoder);
  if (type === MESSAGE_AWARENESS) {
    return { kind: "awareness", payload: decoding.readVarUint8Array(decoder) };
  }
  if (type !== MESSAGE_SYNC) return { kind: "other", type };
  const step = decoding.readVarUint(decoder);
  switch (step) {
    case SYNC_STEP_1:
      return { kind: "step1" };
    case SYNC_STEP_2:
      return { kind: "step2", update: decoding.readVarUint8Array(decoder) };
    case SYNC_UPDATE:
      return { kind: "update", update: decoding.readVarUint8Array(decoder) };
    default:
      return { kind: "other", type: step };
  }
}

/** Decodes an awareness update payload into its entries, calling `visit` for each. */
export function forEachAwarenessEntry(
  payload: Uint8Array,
  visit: (clientId: number, clock: number, stateJson: string) => void,
): void {
  const decoder = decoding.createDecoder(payload);
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    visit(clientId, clock, decoding.readVarString(decoder));
  }
}

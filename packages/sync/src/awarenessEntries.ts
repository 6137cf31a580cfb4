import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { Awareness } from "y-protocols/awareness";
import { MessageType } from "./messageType";

/** One entry of an awareness update, with its state kept as the raw UTF-8 JSON bytes. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: Uint8Array;
}

const NULL_STATE = new TextEncoder().encode("null");

/** Reads every entry of an awareness update without decoding or parsing the states. Throws if malformed. */
export function readAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    // A view into the frame, not a copy: what the room keeps is the stamped state (new bytes),
    // and most entries are echoes that are dropped at once.
    const state = decoding.readVarUint8Array(decoder);
    entries.push({ clientId, clock, state });
  }
  return entries;
}

/** Whether the raw state is JSON `null` (a client going away). */
export function isNullState(state: Uint8Array): boolean {
  if (state.byteLength !== NULL_STATE.byteLength) return false;
  for (let i = 0; i < state.byteLength; i++) if (state[i] !== NULL_STATE[i]) return false;
  return true;
}

/**
 * Whether any entry is something `applyAwarenessUpdate` would apply: a newer clock, or a removal
 * at the current clock. The stock client echoes every awareness update it receives back to the
 * server, so most incoming updates are old news; this skips their JSON parsing entirely.
 */
export function hasAwarenessNews(
  awareness: Awareness,
  entries: readonly AwarenessEntry[],
): boolean {
  for (const entry of entries) if (isAwarenessNews(awareness, entry)) return true;
  return false;
}

/** Whether `applyAwarenessUpdate` would apply this one entry (see {@link hasAwarenessNews}). */
export function isAwarenessNews(awareness: Awareness, entry: AwarenessEntry): boolean {
  const { clientId, clock, state } = entry;
  const current = awareness.meta.get(clientId)?.clock ?? 0;
  if (current < clock) return true;
  return current === clock && awareness.states.has(clientId) && isNullState(state);
}

/** The body of an awareness update holding `entries` as they are (what `readAwarenessEntries` reads). */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarUint8Array(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}

/**
 * A complete awareness frame for `clients`, byte-compatible with y-protocols'
 * `encodeAwarenessUpdate`, reusing the raw JSON a client sent when it is still the current state
 * (same clock) instead of stringifying every state again for every broadcast. `extra` entries
 * (the server's head count) are written as they are, after the clients'.
 */
export function encodeAwarenessFrame(
  awareness: Awareness,
  clients: Iterable<number>,
  raw: ReadonlyMap<number, AwarenessEntry>,
  extra: readonly AwarenessEntry[] = [],
): Uint8Array {
  const inner = encoding.createEncoder();
  let written = 0;
  const body = encoding.createEncoder();
  for (const { clientId, clock, state } of extra) {
    encoding.writeVarUint(body, clientId);
    encoding.writeVarUint(body, clock);
    encoding.writeVarUint8Array(body, state);
    written++;
  }
  for (const clientId of clients) {
    const meta = awareness.meta.get(clientId);
    if (meta === undefined) continue;
    encoding.writeVarUint(body, clientId);
    encoding.writeVarUint(body, meta.clock);
    const cached = raw.get(clientId);
    if (cached !== undefined && cached.clock === meta.clock && awareness.states.has(clientId)) {
      encoding.writeVarUint8Array(body, cached.state);
    } else {
      encoding.writeVarString(body, JSON.stringify(awareness.states.get(clientId) ?? null));
    }
    written++;
  }
  encoding.writeVarUint(inner, written);
  encoding.writeUint8Array(inner, encoding.toUint8Array(body));
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, MessageType.Awareness);
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(inner));
  return encoding.toUint8Array(frame);
}

/** Whether two states are the same bytes (a state stamped again that did not change). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

import {
  type Broadcast,
  BroadcastSchema,
  ControlDocKeys,
  type Summon,
  SummonSchema,
} from "@tablecloth/protocol";
import type * as Y from "yjs";

/** Keys inside the control doc's `controls` map (see `ControlDocKeys.controls`). */
export const CONTROLS_KEYS = {
  broadcast: "broadcast",
  summon: "summon",
} as const;

/** The facilitator controls in force, as read from the control doc (malformed ones are none). */
export interface ControlsState {
  readonly broadcast: Broadcast | null;
  readonly summon: Summon | null;
}

function controlsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ControlDocKeys.controls);
}

/** Reads the broadcast and summon; a value that does not parse counts as none. */
export function readControls(doc: Y.Doc): ControlsState {
  const map = controlsMap(doc);
  const broadcast = BroadcastSchema.safeParse(map.get(CONTROLS_KEYS.broadcast));
  const summon = SummonSchema.safeParse(map.get(CONTROLS_KEYS.summon));
  return {
    broadcast: broadcast.success ? broadcast.data : null,
    summon: summon.success ? summon.data : null,
  };
}

/** Puts `broadcast` in force, replacing any older one (`null` withdraws it). */
export function writeBroadcast(doc: Y.Doc, broadcast: Broadcast | null): void {
  const map = controlsMap(doc);
  if (broadcast === null) map.delete(CONTROLS_KEYS.broadcast);
  else map.set(CONTROLS_KEYS.broadcast, BroadcastSchema.parse(broadcast));
}

/** Puts `summon` in force, replacing any older one (`null` releases everyone). */
export function writeSummon(doc: Y.Doc, summon: Summon | null): void {
  const map = controlsMap(doc);
  if (summon === null) map.delete(CONTROLS_KEYS.summon);
  else map.set(CONTROLS_KEYS.summon, SummonSchema.parse(summon));
}

/**
 * Calls `onChange` with the controls after every transaction that changed the `controls` map,
 * and never for the café's or anyone else's writes to the same doc. Returns the stop function.
 */
export function observeControls(doc: Y.Doc, onChange: (state: ControlsState) => void): () => void {
  const map = controlsMap(doc);
  const handler = () => onChange(readControls(doc));
  map.observe(handler);
  return () => map.unobserve(handler);
}

/**
 * Renames the people the controls in force name (a broadcast's sender, a summon's leader) to
 * `nameOf(their id)`, writing only what changes: how anonymous mode takes names out of the
 * control doc when it turns on, and puts them back when it turns off.
 */
export function relabelControls(doc: Y.Doc, nameOf: (participantId: string) => string): void {
  const { broadcast, summon } = readControls(doc);
  if (broadcast !== null) {
    const fromName = nameOf(broadcast.fromId);
    if (fromName !== broadcast.fromName) writeBroadcast(doc, { ...broadcast, fromName });
  }
  if (summon !== null) {
    const leaderName = nameOf(summon.leaderId);
    if (leaderName !== summon.leaderName) writeSummon(doc, { ...summon, leaderName });
  }
}

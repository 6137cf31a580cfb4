import {
  type ControlsState,
  readAnonymous,
  readBoardsPhase,
  readControls,
} from "@tablecloth/controls";
import { type BoardsPhase, ControlDocKeys } from "@tablecloth/protocol";
import { useEffect, useState } from "react";
import { openSyncedDoc, type SyncedDoc } from "../sync/openSyncedDoc";

export interface EventControlsState extends ControlsState {
  /** What participants may do on the boards now (view-only during a harvest, say). */
  readonly boards: BoardsPhase;
  /** Anonymous mode: nobody is named (the server sends no names; pages show no name tags). */
  readonly anonymous: boolean;
  /** The server's state is in; changes after this are news (a chime may sound). */
  readonly synced: boolean;
}

/** One shared read-only socket per control doc and token, however many parts of a page follow it. */
interface Shared {
  synced: SyncedDoc;
  state: EventControlsState | null;
  listeners: Set<(state: EventControlsState) => void>;
  stop: () => void;
}
const shared = new Map<string, Shared>();

function open(controlDocName: string, token: string): Shared {
  const key = `${controlDocName}\n${token}`;
  const existing = shared.get(key);
  if (existing) return existing;
  const synced = openSyncedDoc(controlDocName, token);
  const { doc, provider } = synced;
  let isSynced = false;
  const entry: Shared = { synced, state: null, listeners: new Set(), stop: () => {} };
  const publish = () => {
    entry.state = {
      ...readControls(doc),
      boards: readBoardsPhase(doc),
      anonymous: readAnonymous(doc),
      synced: isSynced,
    };
    for (const listener of entry.listeners) listener(entry.state);
  };
  const map = doc.getMap<unknown>(ControlDocKeys.controls);
  map.observe(publish);
  const onSync = (now: boolean) => {
    if (!now || isSynced) return;
    isSynced = true;
    publish();
  };
  provider.on("sync", onSync);
  entry.stop = () => {
    map.unobserve(publish);
    provider.off("sync", onSync);
    synced.destroy();
    shared.delete(key);
  };
  shared.set(key, entry);
  return entry;
}

/**
 * The facilitator controls in force (broadcast, summon, the boards' phase), followed live from
 * the event's control doc over a read-only socket that every part of the page using this hook
 * shares. It sets no presence, so it costs the server one connection per page but no awareness
 * traffic.
 */
export function useEventControls(
  controlDocName: string | null,
  token: string,
): EventControlsState | null {
  const [state, setState] = useState<EventControlsState | null>(null);
  useEffect(() => {
    if (!controlDocName) return;
    const entry = open(controlDocName, token);
    entry.listeners.add(setState);
    setState(entry.state);
    return () => {
      entry.listeners.delete(setState);
      if (entry.listeners.size === 0) entry.stop();
    };
  }, [controlDocName, token]);
  return state;
}

/** Whether the event's boards are view-only for this person now (never for facilitators). */
export function useBoardsViewOnly(
  controlDocName: string | null,
  token: string,
  role: string,
): boolean {
  const controls = useEventControls(controlDocName, token);
  return role !== "facilitator" && controls?.boards === "view-only";
}

/** Whether the event is in anonymous mode now (pages then show no name tags or cursor labels). */
export function useAnonymousMode(controlDocName: string | null, token: string): boolean {
  return useEventControls(controlDocName, token)?.anonymous === true;
}

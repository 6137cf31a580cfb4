import {
  type CafeState,
  observeCafe,
  type RoundEndChoice,
  readCafe,
  readCafeNames,
  readRoundEnd,
} from "@tablecloth/cafe";
import type { Participant } from "@tablecloth/protocol";
import { useEffect, useState } from "react";
import { presenceColor } from "../board/presenceColor";
import { openSyncedDoc } from "../sync/openSyncedDoc";

export interface CafeDoc {
  state: CafeState;
  /** Everyone's display name, from `cafe.names` beside the seats (no list request). */
  names: ReadonlyMap<string, string>;
  /** What happens at a round's 0:00: the server rotates, or pages prompt and wait. */
  atRoundEnd: RoundEndChoice;
  /** The server's state is in (false until the first sync). */
  synced: boolean;
}

/**
 * The café as the event's control doc holds it, followed live over the stock y-websocket
 * protocol. Participants are read-only on this doc: everything they change goes through the API,
 * and the server's writes come back here, names of newcomers with their seats. Also says who has
 * the page open (awareness), like the lobby does.
 */
export function useCafeDoc(
  controlDocName: string | null,
  token: string,
  me: Participant,
): CafeDoc | null {
  const [cafe, setCafe] = useState<CafeDoc | null>(null);
  const { id, name, role } = me;
  useEffect(() => {
    if (!controlDocName) return;
    const synced = openSyncedDoc(controlDocName, token);
    const { doc, provider } = synced;
    provider.awareness.setLocalStateField("user", { id, name, role, color: presenceColor(id) });
    let isSynced = false;
    const stop = observeCafe(doc, (state) =>
      setCafe({
        state,
        names: readCafeNames(doc),
        atRoundEnd: readRoundEnd(doc),
        synced: isSynced,
      }),
    );
    const onSync = (now: boolean) => {
      if (!now) return;
      isSynced = true;
      setCafe({
        state: readCafe(doc),
        names: readCafeNames(doc),
        atRoundEnd: readRoundEnd(doc),
        synced: true,
      });
    };
    provider.on("sync", onSync);
    return () => {
      stop();
      provider.off("sync", onSync);
      synced.destroy();
    };
  }, [controlDocName, token, id, name, role]);
  return cafe;
}

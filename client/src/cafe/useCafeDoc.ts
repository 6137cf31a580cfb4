import { type CafeState, observeCafe, readCafe } from "@tablecloth/cafe";
import type { Participant } from "@tablecloth/protocol";
import { useEffect, useState } from "react";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { presenceColor } from "../board/presenceColor";
import { syncUrl } from "../sync/syncUrl";

export interface CafeDoc {
  state: CafeState;
  /** The server's state is in (false until the first sync). */
  synced: boolean;
}

/**
 * The café as the event's control doc holds it, followed live over the stock y-websocket
 * protocol. Participants are read-only on this doc: everything they change goes through the API,
 * and the server's writes come back here. Also says who has the page open (awareness), like the
 * lobby does.
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
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(syncUrl(), controlDocName, doc, {
      params: { token },
      disableBc: true,
    });
    provider.awareness.setLocalStateField("user", { id, name, role, color: presenceColor(id) });
    let synced = false;
    const stop = observeCafe(doc, (state) => setCafe({ state, synced }));
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return;
      synced = true;
      setCafe({ state: readCafe(doc), synced: true });
    };
    provider.on("sync", onSync);
    return () => {
      stop();
      provider.off("sync", onSync);
      provider.destroy();
      doc.destroy();
    };
  }, [controlDocName, token, id, name, role]);
  return cafe;
}

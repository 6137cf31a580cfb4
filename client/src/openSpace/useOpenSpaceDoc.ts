import { type OpenSpaceState, observeOpenSpace, readOpenSpace } from "@tablecloth/open-space";
import type { Participant } from "@tablecloth/protocol";
import { useEffect, useState } from "react";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { presenceColor } from "../board/presenceColor";
import { syncUrl } from "../sync/syncUrl";

export interface OpenSpaceDoc {
  state: OpenSpaceState;
  /** The server's state is in (false until the first sync). */
  synced: boolean;
}

/**
 * The Open Space as the event's control doc holds it, followed live over the stock y-websocket
 * protocol: the wall, schedules, who is where and the reports update on every page as the server
 * writes them. Everything people change goes through the API.
 */
export function useOpenSpaceDoc(
  controlDocName: string | null,
  token: string,
  me: Participant,
): OpenSpaceDoc | null {
  const [value, setValue] = useState<OpenSpaceDoc | null>(null);
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
    const refresh = () => setValue({ state: readOpenSpace(doc).state, synced });
    const stop = observeOpenSpace(doc, refresh);
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return;
      synced = true;
      refresh();
    };
    provider.on("sync", onSync);
    return () => {
      stop();
      provider.off("sync", onSync);
      provider.destroy();
      doc.destroy();
    };
  }, [controlDocName, token, id, name, role]);
  return value;
}

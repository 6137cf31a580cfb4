import { type ControlsState, observeControls, readControls } from "@tablecloth/controls";
import { useEffect, useState } from "react";
import { openSyncedDoc } from "../sync/openSyncedDoc";

export interface EventControlsState extends ControlsState {
  /** The server's state is in; changes after this are news (a chime may sound). */
  readonly synced: boolean;
}

/**
 * The facilitator controls in force (broadcast, summon), followed live from the event's control
 * doc over its own read-only socket. It sets no presence, so it costs the server one more
 * connection per page but no awareness traffic.
 */
export function useEventControls(
  controlDocName: string | null,
  token: string,
): EventControlsState | null {
  const [state, setState] = useState<EventControlsState | null>(null);
  useEffect(() => {
    if (!controlDocName) return;
    const synced = openSyncedDoc(controlDocName, token);
    const { doc, provider } = synced;
    let isSynced = false;
    const stop = observeControls(doc, (controls) => setState({ ...controls, synced: isSynced }));
    const onSync = (now: boolean) => {
      if (!now || isSynced) return;
      isSynced = true;
      setState({ ...readControls(doc), synced: true });
    };
    provider.on("sync", onSync);
    return () => {
      stop();
      provider.off("sync", onSync);
      synced.destroy();
    };
  }, [controlDocName, token]);
  return state;
}

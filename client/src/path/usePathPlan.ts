import { PATH_CONTROL_KEY, type PathPlanState, readPathPlan } from "@tablecloth/path";
import { useEffect, useState } from "react";
import { openSyncedDoc } from "../sync/openSyncedDoc";

/**
 * One PATH plan as the event's control doc holds it, followed live over the stock y-websocket
 * protocol (everyone reads it; only the server's PATH routes write it): the current step every
 * view follows, the phase, the time per step and who draws. Null until the first sync.
 */
export function usePathPlan(
  controlDocName: string,
  boardId: string,
  token: string,
): PathPlanState | null {
  const [plan, setPlan] = useState<PathPlanState | null>(null);
  useEffect(() => {
    const synced = openSyncedDoc(controlDocName, token);
    const { doc, provider } = synced;
    let isSynced = false;
    const update = () => {
      if (isSynced) setPlan(readPathPlan(doc, boardId));
    };
    const plans = doc.getMap(PATH_CONTROL_KEY);
    plans.observeDeep(update);
    const onSync = (now: boolean) => {
      if (!now) return;
      isSynced = true;
      update();
    };
    provider.on("sync", onSync);
    return () => {
      plans.unobserveDeep(update);
      provider.off("sync", onSync);
      synced.destroy();
    };
  }, [controlDocName, boardId, token]);
  return plan;
}

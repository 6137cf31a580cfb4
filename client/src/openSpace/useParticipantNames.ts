import { useEffect, useMemo, useState } from "react";
import { api } from "../api/api";

/**
 * Everyone's display name by participant id, fetched again whenever someone appears who is not
 * in the list yet (a late arrival), so the map and the notices can name people.
 */
export function useParticipantNames(
  eventId: string,
  token: string,
  ids: readonly string[],
): ReadonlyMap<string, string> {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  // Changes only when a different set of people is unknown: one fetch per new arrival(s).
  const missing = useMemo(
    () =>
      ids
        .filter((id) => !names.has(id))
        .sort()
        .join(","),
    [ids, names],
  );

  useEffect(() => {
    let live = true;
    void missing;
    api.participants(eventId, token).then(
      ({ participants }) => {
        if (live) setNames(new Map(participants.map((p) => [p.id, p.name])));
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [eventId, token, missing]);
  return names;
}

import { useEffect, useMemo, useRef, useState } from "react";
import { api } from "../api/api";

/**
 * Everyone's display name by participant id. The café's control doc carries the names of the
 * people it seats (`known`, from `cafe.names`), so newcomers are named without any request:
 * before, every new seat made every page fetch the whole participant list again (N people
 * sitting down were N whole-list fetches on each of N pages). Only a café whose people were
 * seated before names were kept lacks some: for those the list is fetched once per page, never
 * again.
 */
export function useCafeNames(
  eventId: string,
  token: string,
  ids: readonly string[],
  known: ReadonlyMap<string, string>,
): ReadonlyMap<string, string> {
  const [listed, setListed] = useState<ReadonlyMap<string, string> | null>(null);
  const asked = useRef(false);
  const someoneUnnamed = ids.some((id) => !known.has(id));

  useEffect(() => {
    if (!someoneUnnamed || asked.current) return;
    asked.current = true;
    api.participants(eventId, token).then(
      ({ participants }) => setListed(new Map(participants.map((p) => [p.id, p.name]))),
      () => {},
    );
  }, [someoneUnnamed, eventId, token]);

  // The doc's names win: they are written with the seat, so they are the newer ones.
  return useMemo(() => (listed === null ? known : new Map([...listed, ...known])), [listed, known]);
}

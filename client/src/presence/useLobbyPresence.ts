import type { Participant } from "@tablecloth/protocol";
import { useEffect, useState } from "react";
import { presenceColor } from "../board/presenceColor";
import {
  type ConnectionFacts,
  type ConnectionState,
  connectionState,
  initialConnectionFacts,
} from "../sync/connectionState";
import { openSyncedDoc } from "../sync/openSyncedDoc";
import { watchConnection } from "../sync/watchConnection";

/** Someone with the event open right now. */
export interface PresentPerson {
  clientId: number;
  id: string;
  name: string;
  role: string;
  color: string;
  isMe: boolean;
}

interface LobbyUser {
  id: string;
  name: string;
  role: string;
  color: string;
}

function isLobbyUser(value: unknown): value is LobbyUser {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === "string" && typeof v.name === "string" && typeof v.role === "string";
}

/**
 * Who is in the lobby now, from awareness on the event's control doc (which everyone may read).
 * Awareness is ephemeral: people leave the list when they close the page.
 */
export function useLobbyPresence(
  controlDocName: string | null,
  token: string | null,
  me: Participant | null,
): { people: PresentPerson[]; connection: ConnectionState } {
  const [people, setPeople] = useState<PresentPerson[]>([]);
  const [facts, setFacts] = useState<ConnectionFacts>(() =>
    initialConnectionFacts(navigator.onLine),
  );
  const meId = me?.id;
  const meName = me?.name;
  const meRole = me?.role;

  useEffect(() => {
    if (!controlDocName || !token || !meId || !meName || !meRole) return;
    const synced = openSyncedDoc(controlDocName, token, { connect: navigator.onLine });
    const { doc, provider } = synced;
    setFacts(initialConnectionFacts(navigator.onLine));
    const stopWatching = watchConnection(provider, (patch) =>
      setFacts((f) => ({ ...f, ...patch })),
    );
    const { awareness } = provider;
    const user: LobbyUser = { id: meId, name: meName, role: meRole, color: presenceColor(meId) };
    awareness.setLocalStateField("user", user);
    const refresh = () => {
      const list: PresentPerson[] = [];
      const seen = new Set<string>();
      for (const [clientId, state] of awareness.getStates()) {
        const candidate: unknown = (state as Record<string, unknown>).user;
        if (!isLobbyUser(candidate) || seen.has(candidate.id)) continue;
        seen.add(candidate.id);
        list.push({ clientId, ...candidate, isMe: clientId === doc.clientID });
      }
      list.sort((a, b) => Number(b.isMe) - Number(a.isMe) || a.name.localeCompare(b.name));
      setPeople(list);
    };
    awareness.on("change", refresh);
    refresh();
    return () => {
      stopWatching();
      awareness.off("change", refresh);
      synced.destroy();
    };
  }, [controlDocName, token, meId, meName, meRole]);

  return { people, connection: connectionState(facts) };
}

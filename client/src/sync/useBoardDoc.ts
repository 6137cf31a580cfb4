import { useEffect, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import type { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import {
  type ConnectionFacts,
  type ConnectionState,
  connectionState,
  initialConnectionFacts,
} from "./connectionState";
import { clearOfflineCache, openSyncedDoc } from "./openSyncedDoc";
import { watchConnection } from "./watchConnection";

export interface BoardDoc {
  doc: Y.Doc;
  awareness: Awareness;
  provider: WebsocketProvider;
  /**
   * True once the doc holds what we know: the server synced, or the offline cache was read and
   * there is no server to wait for (offline, refused, slow) or the cache already had the board.
   */
  ready: boolean;
  connection: ConnectionState;
  /** The last socket was let in before it closed (see `ConnectionFacts.admitted`). */
  admitted: boolean;
}

/** How long a page with an empty cache waits for the server before showing an empty board. */
const SERVER_WAIT_MS = 5_000;

interface Parts {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

/** Which opening of the doc this is: each new one closes the last and opens afresh. */
export interface BoardDocAttempt {
  generation: number;
  /** Forget what this device kept offline before opening (the server refused it for good). */
  clearCache: boolean;
}

const FIRST_ATTEMPT: BoardDocAttempt = { generation: 0, clearCache: false };

/**
 * One Yjs doc kept three ways: in memory, in IndexedDB (so strokes drawn offline survive a
 * reload and reach the server later) and on the server over the stock y-websocket protocol.
 * Pass null while the doc name or token is not known yet.
 */
export function useBoardDoc(
  docName: string | null,
  token: string | null,
  attempt: BoardDocAttempt = FIRST_ATTEMPT,
): BoardDoc | null {
  const [parts, setParts] = useState<Parts | null>(null);
  const [facts, setFacts] = useState<ConnectionFacts>(() =>
    initialConnectionFacts(navigator.onLine),
  );
  const [cache, setCache] = useState<"loading" | "empty" | "filled">("loading");
  const [waitedLong, setWaitedLong] = useState(false);
  const [everReady, setEverReady] = useState(false);

  const { generation, clearCache } = attempt;
  useEffect(() => {
    if (!docName || !token) return;
    let closed = false;
    let close: (() => void) | null = null;
    const open = () => {
      if (closed) return;
      const synced = openSyncedDoc(docName, token, {
        connect: navigator.onLine,
        offlineCache: true,
      });
      const { doc, provider } = synced;
      const update = (patch: Partial<ConnectionFacts>) => setFacts((f) => ({ ...f, ...patch }));
      setFacts(initialConnectionFacts(navigator.onLine));
      setCache("loading");
      setWaitedLong(false);
      setEverReady(false);
      const slowServer = setTimeout(() => setWaitedLong(true), SERVER_WAIT_MS);

      void synced.cached.then((had) => setCache(had ? "filled" : "empty"));
      const stopWatching = watchConnection(provider, update);
      setParts({ doc, provider });
      close = () => {
        clearTimeout(slowServer);
        stopWatching();
        setParts(null);
        synced.destroy();
      };
    };
    // `generation` only asks for a fresh opening; a failed clear still opens (with the cache).
    if (clearCache && generation > 0) void clearOfflineCache(docName).then(open, open);
    else open();

    return () => {
      closed = true;
      close?.();
    };
  }, [docName, token, generation, clearCache]);

  const connection = connectionState(facts);
  // Prefer the server's state: binding an empty cache first would write tldraw's default
  // records into a doc the server already has. Once ready, a board stays on screen.
  const readyNow =
    parts !== null &&
    (facts.synced ||
      cache === "filled" ||
      (cache === "empty" &&
        (connection.status === "offline" || connection.status === "refused" || waitedLong)));
  useEffect(() => {
    if (readyNow) setEverReady(true);
  }, [readyNow]);

  if (!parts) return null;
  const ready = readyNow || everReady;
  return {
    doc: parts.doc,
    awareness: parts.provider.awareness,
    provider: parts.provider,
    ready,
    connection,
    admitted: facts.admitted === true,
  };
}

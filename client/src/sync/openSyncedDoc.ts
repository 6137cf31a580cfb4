import { clearDocument, IndexeddbPersistence } from "y-indexeddb";
import type { Awareness } from "y-protocols/awareness";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { syncUrl } from "./syncUrl";

export interface SyncedDocOptions {
  /**
   * Connect at once (default true). Pages that follow the network with `watchConnection` pass
   * `navigator.onLine`: offline they wait for `online` instead of retrying into nothing.
   */
  readonly connect?: boolean;
  /** Also keep the doc in IndexedDB, so what was drawn offline survives a reload (boards). */
  readonly offlineCache?: boolean;
  /** The y-websocket server; our own origin's `/sync` by default. */
  readonly serverUrl?: string;
}

const offlineCacheName = (docName: string) => `tablecloth:${docName}`;

/**
 * Forgets what this device kept of `docName` offline (open it again afterwards). For a board whose
 * kept changes the server refuses for good: sent again, they would only be refused again.
 */
export function clearOfflineCache(docName: string): Promise<void> {
  return clearDocument(offlineCacheName(docName));
}

/** One Yjs doc followed over the stock y-websocket protocol; `destroy` closes everything. */
export interface SyncedDoc {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly awareness: Awareness;
  /**
   * Settles once the offline cache was read: true when it already held this doc (the device had
   * it before); false without a cache, for an empty one, or when reading it failed.
   */
  readonly cached: Promise<boolean>;
  destroy(): void;
}

/**
 * Opens `docName` with `token`, the one way the app opens a synced doc (boards, the café's and
 * the lobby's control doc, the harvest's thumbnails), so every connection has the same options:
 * tabs never talk over BroadcastChannel (`disableBc`) but only through the server, which is the
 * one that checks who may write.
 */
export function openSyncedDoc(
  docName: string,
  token: string,
  options: SyncedDocOptions = {},
): SyncedDoc {
  const doc = new Y.Doc();
  const persistence = options.offlineCache
    ? new IndexeddbPersistence(offlineCacheName(docName), doc)
    : null;
  const connectNow = options.connect ?? true;
  // With a cache, the socket opens once the cache is read: a cache read after the server's state
  // arrived would send the whole cached board back as one update (y-websocket relays every doc
  // change), which the server would log and relay again, and which, on a PATH board, carries the
  // template a participant may not write.
  const provider = new WebsocketProvider(options.serverUrl ?? syncUrl(), docName, doc, {
    params: { token },
    connect: connectNow && persistence === null,
    disableBc: true,
  });
  let destroyed = false;
  if (persistence !== null && connectNow) {
    const connectOnce = () => {
      if (!destroyed && !provider.shouldConnect && navigator.onLine) provider.connect();
    };
    persistence.whenSynced.then(connectOnce, connectOnce);
  }
  const cached =
    persistence === null
      ? Promise.resolve(false)
      : persistence.whenSynced.then(
          // Any update in the cache means this device has had the doc before (the board binding
          // is not imported here: it would pull tldraw into the first chunk).
          () => doc.store.clients.size > 0,
          () => false,
        );
  return {
    doc,
    provider,
    awareness: provider.awareness,
    cached,
    destroy: () => {
      destroyed = true;
      provider.destroy();
      persistence?.destroy().catch(() => {});
      doc.destroy();
    },
  };
}

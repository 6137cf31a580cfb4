import type { CloseCode } from "@tablecloth/protocol";
import type { ConnectionContext } from "@tablecloth/sync";
import type * as Y from "yjs";

/** What the events layer needs from the room engine (`SyncServer` provides both). */
export interface SyncControl {
  /** Closes every open connection `pred` picks, with `code`; used to revoke a removed participant. */
  closeConnections(
    pred: (docName: string, ctx: ConnectionContext) => boolean,
    code: CloseCode,
  ): unknown;
  /**
   * Runs `fn` on the live doc (loading it if needed) as one change by `author`, relayed to every
   * connection and stored in the doc's history like any client update.
   */
  transact(docName: string, author: string, fn: (doc: Y.Doc) => void): Promise<unknown>;
  /**
   * Stamps the awareness states of every loaded doc `select` picks again from their connections'
   * contexts as they are now, broadcasting those that changed (anonymous mode turned on or off).
   */
  restampAwareness(select: (docName: string) => boolean): number;
  /** What `fn` reads from the live doc (loading it if needed); `fn` must not change it. */
  read<T>(docName: string, fn: (doc: Y.Doc) => T): Promise<T>;
}

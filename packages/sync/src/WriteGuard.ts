import { CloseCode } from "@tablecloth/protocol";
import type * as Y from "yjs";
import { SyncError } from "./SyncError";
import type { SyncMetrics } from "./SyncMetrics";
import type { DecodedUpdate } from "./validateUpdate";

/**
 * A per-connection check of what a writer may change, finer than read-only: given the live doc
 * (as every update accepted so far left it) and a client's decoded update, true lets the update
 * through. The transport attaches one at upgrade (`ConnectionContext.writeGuard`), e.g. a PATH
 * board's locked template that only facilitators may move. Must be pure and fast: it runs on
 * every update of that connection, before the doc is touched.
 */
export type WriteGuard = (doc: Y.Doc, update: DecodedUpdate) => boolean;

/**
 * Refuses an update its connection's guard rejects: counted as dropped, never applied, logged or
 * relayed, and its sender is closed with 4403 (a later update of that client would build on the
 * refused one, so the connection cannot go on; the stock client does not retry a 44xx close).
 */
export function enforceWriteGuard(
  guard: WriteGuard | undefined,
  doc: Y.Doc,
  update: DecodedUpdate,
  metrics: SyncMetrics,
): void {
  if (guard === undefined || guard(doc, update)) return;
  metrics.updatesDropped++;
  throw new SyncError(CloseCode.Forbidden, "update changes what this connection may not write");
}

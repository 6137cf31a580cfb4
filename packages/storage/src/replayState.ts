import * as Y from "yjs";

/**
 * Builds a doc from a checkpoint (or nothing) and the updates after it, and returns its full state
 * as one update. A fresh `Y.Doc` with garbage collection on, as live docs have.
 */
export function replayState(
  checkpoint: Uint8Array | null,
  updates: readonly Uint8Array[],
): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  try {
    // One transaction for the whole replay: observers and cleanup run once, not per update
    // (measured on 20,000 small updates: ~75 ms, against ~200 ms applying each alone and
    // ~11 s for Y.mergeUpdates).
    doc.transact(() => {
      if (checkpoint !== null) Y.applyUpdate(doc, checkpoint);
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

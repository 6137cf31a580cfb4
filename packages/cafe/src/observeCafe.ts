import type * as Y from "yjs";
import { CAFE_MAPS, type CafeState } from "./cafeDocLayout";
import { readCafe } from "./readCafe";

/**
 * Calls `onChange` with the freshly read café after every transaction that touched any café map
 * (once per transaction, however many keys it changed: a whole rotation is one call). Returns the
 * function that stops observing.
 */
export function observeCafe(doc: Y.Doc, onChange: (state: CafeState) => void): () => void {
  const maps = new Set<unknown>(Object.values(CAFE_MAPS).map((name) => doc.getMap<unknown>(name)));
  const handler = (transaction: Y.Transaction): void => {
    // changedParentTypes holds the top-level map when only a nested table map changed.
    for (const type of transaction.changedParentTypes.keys()) {
      if (maps.has(type)) {
        onChange(readCafe(doc));
        return;
      }
    }
    for (const type of transaction.changed.keys()) {
      if (maps.has(type)) {
        onChange(readCafe(doc));
        return;
      }
    }
  };
  doc.on("afterTransaction", handler);
  return () => doc.off("afterTransaction", handler);
}

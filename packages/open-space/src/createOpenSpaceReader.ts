import type * as Y from "yjs";
import { type OpenSpaceRead, readOpenSpace } from "./readOpenSpace";

/**
 * `readOpenSpace`, remembered per doc until the doc next changes. A marketplace burst reads the
 * whole state once per post, and most posts (1,400 of 1,500 in the bench) are refused and change
 * nothing, so they share one read. The state is never mutated (the rules return new objects),
 * so sharing it is safe. A read inside a transaction that already changed the doc is not
 * remembered nor answered from memory.
 */
export function createOpenSpaceReader(): (doc: Y.Doc) => OpenSpaceRead {
  const remembered = new WeakMap<Y.Doc, OpenSpaceRead>();
  const watched = new WeakSet<Y.Doc>();
  const forget = (transaction: Y.Transaction, doc: Y.Doc): void => {
    if (changes(transaction)) remembered.delete(doc);
  };
  return (doc) => {
    const open = doc._transaction;
    if (open !== null && changes(open)) return readOpenSpace(doc);
    const known = remembered.get(doc);
    if (known !== undefined) return known;
    const read = readOpenSpace(doc);
    if (!watched.has(doc)) {
      watched.add(doc);
      doc.on("afterTransaction", forget);
    }
    remembered.set(doc, read);
    return read;
  };
}

/** Whether a transaction changed anything (a type's content or a deletion). */
function changes(transaction: Y.Transaction): boolean {
  return transaction.changed.size > 0 || transaction.deleteSet.clients.size > 0;
}

import { relabelCafeNames } from "@tablecloth/cafe";
import { ANONYMOUS_NAME, readAnonymous, relabelControls } from "@tablecloth/controls";
import { relabelOpenSpacePeople } from "@tablecloth/open-space";
import type * as Y from "yjs";
import { isControlDocName } from "../events/ids";
import type { SyncControl } from "../events/SyncControl";

/**
 * Renames every person the control doc names (controls in force, café names, Open Space
 * conveners, who is where and report authors) to `nameOf(their id)`, in one transaction.
 */
export function relabelEventPeople(doc: Y.Doc, nameOf: (participantId: string) => string): void {
  doc.transact(() => {
    relabelControls(doc, nameOf);
    relabelCafeNames(doc, nameOf);
    relabelOpenSpacePeople(doc, nameOf);
  });
}

/**
 * The room engine as the routes see it, holding one invariant of anonymous mode: while an event
 * is in it, its control doc names nobody. Every server write to a control doc ends, inside the
 * same transaction, by renaming whoever it named to `ANONYMOUS_NAME` (when the mode is on), so
 * a route writing a seat, a session, a move, a report, a broadcast or a summon with its caller's
 * name leaves none in the update that is relayed and stored (Yjs drops the content of a value
 * replaced in the same transaction). Reads and other docs pass through untouched.
 */
export function withAnonymousControlDocs(sync: SyncControl): SyncControl {
  return {
    closeConnections: (pred, code) => sync.closeConnections(pred, code),
    restampAwareness: (select) => sync.restampAwareness(select),
    read: (docName, fn) => sync.read(docName, fn),
    transact: (docName, author, fn) => {
      if (!isControlDocName(docName)) return sync.transact(docName, author, fn);
      return sync.transact(docName, author, (doc) => {
        fn(doc);
        if (readAnonymous(doc)) relabelEventPeople(doc, () => ANONYMOUS_NAME);
      });
    },
  };
}

import { observeAnonymous, readAnonymous } from "@tablecloth/controls";
import type * as Y from "yjs";
import { isControlDocName } from "../events/ids";

/**
 * Which events are in anonymous mode now, for every control doc this server has loaded, kept
 * current as it changes, so the awareness stamp (a name getter on each connection's context) can
 * tell synchronously, at each stamp, whether to name its person. Fed by the room engine's load
 * hook like `BoardsPhaseBook`: each load reads the mode and observes it while the doc is in
 * memory; when it unloads the last value stays (nothing changes it until the next load, which
 * reads it afresh). Holds one entry per event in anonymous mode.
 */
export class AnonymousBook {
  private readonly anonymous = new Set<string>();

  /** The room engine's load hook: tracks every control doc as it loads. */
  readonly onLoad = (docName: string, doc: Y.Doc): void => {
    if (isControlDocName(docName)) this.track(docName, doc);
  };

  /** Reads the mode of `doc` (the live control doc `docName`) now and at each change. */
  track(docName: string, doc: Y.Doc): void {
    const set = (on: boolean) => {
      if (on) this.anonymous.add(docName);
      else this.anonymous.delete(docName);
    };
    set(readAnonymous(doc));
    observeAnonymous(doc, set);
  }

  /** Whether control doc `controlDocName`'s event is in anonymous mode (off when never loaded). */
  isAnonymous(controlDocName: string): boolean {
    return this.anonymous.has(controlDocName);
  }
}

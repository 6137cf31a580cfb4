import {
  type BoardWriterRole,
  DEFAULT_BOARDS_PHASE,
  mayWriteBoards,
  observeBoardsPhase,
  readBoardsPhase,
} from "@tablecloth/controls";
import type { BoardsPhase } from "@tablecloth/protocol";
import type * as Y from "yjs";
import { isControlDocName } from "../events/ids";

/**
 * The boards phase of every control doc this server has loaded, kept current as it changes, so
 * a board's write guard can tell synchronously, at each update, whether its sender may write.
 * Fed by the room engine's load hook like `PathPlanBook`: each load reads the phase and observes
 * it while the doc is in memory; when it unloads the last phase stays (nothing changes it until
 * the next load, which reads it afresh). Holds one entry per event that is not open.
 */
export class BoardsPhaseBook {
  private readonly closed = new Map<string, BoardsPhase>();

  /** The room engine's load hook: tracks every control doc as it loads. */
  readonly onLoad = (docName: string, doc: Y.Doc): void => {
    if (isControlDocName(docName)) this.track(docName, doc);
  };

  /** Reads the phase of `doc` (the live control doc `docName`) now and at each change. */
  track(docName: string, doc: Y.Doc): void {
    const set = (phase: BoardsPhase) => {
      if (phase === DEFAULT_BOARDS_PHASE) this.closed.delete(docName);
      else this.closed.set(docName, phase);
    };
    set(readBoardsPhase(doc));
    observeBoardsPhase(doc, set);
  }

  /** The phase of control doc `controlDocName`'s boards (open when never loaded). */
  phase(controlDocName: string): BoardsPhase {
    return this.closed.get(controlDocName) ?? DEFAULT_BOARDS_PHASE;
  }

  /** Whether someone in `role` may write the boards of `controlDocName`'s event now. */
  mayWrite(controlDocName: string, role: BoardWriterRole): boolean {
    return mayWriteBoards(this.phase(controlDocName), role);
  }
}

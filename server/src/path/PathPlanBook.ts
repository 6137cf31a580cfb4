import {
  mayWritePathBoard,
  PATH_CONTROL_KEY,
  type PathBoardPerson,
  type PathPlanState,
  pathBoardRole,
  readPathPlans,
} from "@tablecloth/path";
import type * as Y from "yjs";
import { isControlDocName } from "../events/ids";

/**
 * The PATH plans of every control doc this server has loaded, kept current as they change, so a
 * PATH board's write guard can tell synchronously, at each update, whether its sender may write
 * the board now (the phase, the graphic facilitator).
 *
 * Fed by the room engine's load hook (`onLoad`): each load of a control doc reads its plans and
 * observes them for as long as that doc is in memory, so a phase change is seen in the very
 * transaction that makes it, whoever makes it (the PATH routes, a facilitator's own client). When
 * the doc unloads its last plans stay here: nothing can change them until it loads again (every
 * write goes through the engine of the event's one owner instance), and that load reads them
 * afresh. A doc that took over from another instance is read at its load too.
 *
 * Holds one entry per event with a PATH plan loaded since the start (a few hundred bytes each).
 */
export class PathPlanBook {
  private readonly byControlDoc = new Map<string, ReadonlyMap<string, PathPlanState>>();

  /** The room engine's load hook: tracks every control doc as it loads. */
  readonly onLoad = (docName: string, doc: Y.Doc): void => {
    if (isControlDocName(docName)) this.track(docName, doc);
  };

  /** Reads the plans of `doc` (the live control doc `docName`) now and at each of its changes. */
  track(docName: string, doc: Y.Doc): void {
    const refresh = () => {
      const plans = readPathPlans(doc);
      if (plans.length === 0) this.byControlDoc.delete(docName);
      else this.byControlDoc.set(docName, new Map(plans.map((p) => [p.boardId, p])));
    };
    refresh();
    doc.getMap(PATH_CONTROL_KEY).observeDeep(refresh);
  }

  /** The plan of `boardId` in control doc `controlDocName`, or null when none was loaded. */
  plan(controlDocName: string, boardId: string): PathPlanState | null {
    return this.byControlDoc.get(controlDocName)?.get(boardId) ?? null;
  }

  /**
   * Whether `person` may write the PATH board `boardId` now (`mayWritePathBoard`). A board whose
   * plan was never loaded gives no participant a right to write: refused, not guessed.
   */
  mayWrite(controlDocName: string, boardId: string, person: PathBoardPerson): boolean {
    const plan = this.plan(controlDocName, boardId);
    return mayWritePathBoard(pathBoardRole(person, plan), plan);
  }
}

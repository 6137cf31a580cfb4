import { touchesPathTemplate } from "@tablecloth/path";
import type { BoardRule } from "../boards/withBoardGuards";
import type { PathPlanBook } from "./PathPlanBook";

/**
 * A PATH board's rule for participants: each update is refused while `mayWritePathBoard` says no
 * (before the first step and in the `watch` phase; the graphic facilitator always may), read from
 * the plan as it is at that update, and whenever it would move or change the template (tldraw's
 * `isLocked` holds only in honest clients). Says nothing about other boards.
 */
export function pathBoardRule(book: PathPlanBook): BoardRule {
  return ({ board, control, person }) => {
    if (board.boardKind !== "path") return undefined;
    const { boardId } = board;
    return (doc, update) =>
      book.mayWrite(control, boardId, person) && !touchesPathTemplate(doc, update);
  };
}

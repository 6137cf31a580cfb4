import type { BoardRule } from "../boards/withBoardGuards";
import type { BoardsPhaseBook } from "./BoardsPhaseBook";

/**
 * Every board's rule for participants: each update is refused while the event's boards are
 * view-only (e.g. during the harvest), read from the phase as it is at that update.
 */
export function boardsPhaseRule(book: BoardsPhaseBook): BoardRule {
  return ({ control }) =>
    () =>
      book.mayWrite(control, "participant");
}

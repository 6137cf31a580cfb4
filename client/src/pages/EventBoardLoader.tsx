import type { Board, EventDetailsResponse } from "@tablecloth/protocol";
import type { ReactNode } from "react";
import { friendlyMessage } from "../api/ApiError";
import { useEventDetails } from "../api/useEventDetails";
import { ErrorMessage } from "../components/ErrorMessage";
import { PageShell } from "../components/PageShell";
import { Link } from "../router/Link";
import { paths } from "../router/matchRoute";
import type { EventSession } from "../session";

/**
 * Loads the event and finds one of its boards, saying plainly while loading, on a failure (with a
 * retry) and when the board is not there; then renders `children` with the board. Shared by the
 * board page and the replay page.
 */
export function EventBoardLoader({
  session,
  boardId,
  what,
  children,
}: {
  session: EventSession;
  boardId: string;
  /** The page's noun: "board" or "replay". */
  what: "board" | "replay";
  children: (board: Board, details: EventDetailsResponse) => ReactNode;
}) {
  const { state, reload } = useEventDetails(session.eventId, session.token);
  if (state.status === "loading") {
    return (
      <PageShell title={`Loading ${what}`}>
        <p role="status">Opening the {what}…</p>
      </PageShell>
    );
  }
  if (state.status === "failed") {
    return (
      <PageShell title={what === "board" ? "Board" : "Replay"}>
        <ErrorMessage>{friendlyMessage(state.error)}</ErrorMessage>
        <button type="button" className="button" onClick={reload}>
          Try again
        </button>
      </PageShell>
    );
  }
  const board = state.details.boards.find((b) => b.id === boardId);
  if (!board) {
    return (
      <PageShell title="Board not found">
        <ErrorMessage>We couldn't find this board. It may have been removed.</ErrorMessage>
        <Link to={paths.event(session.eventId)} className="button">
          See all boards
        </Link>
      </PageShell>
    );
  }
  return children(board, state.details);
}

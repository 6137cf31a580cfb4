import { friendlyMessage } from "../api/ApiError";
import { useEventDetails } from "../api/useEventDetails";
import { ErrorMessage } from "../components/ErrorMessage";
import { PageShell } from "../components/PageShell";
import { NeedsJoin } from "../pages/NeedsJoin";
import { Link } from "../router/Link";
import { paths } from "../router/matchRoute";
import { type EventSession, loadSession } from "../session";
import { ReplayView } from "./ReplayView";

function ReplayLoader({ session, boardId }: { session: EventSession; boardId: string }) {
  const { state, reload } = useEventDetails(session.eventId, session.token);
  if (state.status === "loading") {
    return (
      <PageShell title="Loading replay">
        <p role="status">Opening the replay…</p>
      </PageShell>
    );
  }
  if (state.status === "failed") {
    return (
      <PageShell title="Replay">
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
  return <ReplayView session={session} board={board} />;
}

/**
 * `/e/:eventId/b/:boardId/replay`: a board's history, for facilitators. Everyone else is told
 * so plainly (the server refuses them too).
 */
export function ReplayPage({ eventId, boardId }: { eventId: string; boardId: string }) {
  const session = loadSession(eventId);
  if (!session) return <NeedsJoin />;
  if (session.participant.role !== "facilitator") {
    return (
      <PageShell title="Replay">
        <div data-testid="replay-forbidden">
          <ErrorMessage>
            Only the event's facilitators can replay a board. You can still open the board itself.
          </ErrorMessage>
          <Link to={paths.board(eventId, boardId)} className="button">
            Open the board
          </Link>
        </div>
      </PageShell>
    );
  }
  return <ReplayLoader session={session} boardId={boardId} />;
}

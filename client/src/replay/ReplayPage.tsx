import { ErrorMessage } from "../components/ErrorMessage";
import { PageShell } from "../components/PageShell";
import { EventBoardLoader } from "../pages/EventBoardLoader";
import { NeedsJoin } from "../pages/NeedsJoin";
import { Link } from "../router/Link";
import { paths } from "../router/matchRoute";
import { loadSession } from "../session";
import { ReplayView } from "./ReplayView";

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
  return (
    <EventBoardLoader session={session} boardId={boardId} what="replay">
      {(board) => <ReplayView session={session} board={board} />}
    </EventBoardLoader>
  );
}

import { mayWritePathBoard, pathBoardRole } from "@tablecloth/path";
import type { Board, EventDetailsResponse } from "@tablecloth/protocol";
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Editor } from "tldraw";
import { ConnectionStatus } from "../components/ConnectionStatus";
import { EventControls } from "../controls/EventControls";
import { useBoardsViewOnly } from "../controls/useEventControls";
import { PathBoardBar } from "../path/PathBoardBar";
import { usePathPlan } from "../path/usePathPlan";
import { Link } from "../router/Link";
import { paths } from "../router/matchRoute";
import { canEditBoards, type EventSession, loadSession } from "../session";
import { loadBoardCanvas, useSyncedBoard } from "../sync/useSyncedBoard";
import { EventBoardLoader } from "./EventBoardLoader";
import { NeedsJoin } from "./NeedsJoin";

/** A PATH board: the board with its bar; who may write follows the role and the step's phase. */
function PathBoardView({
  session,
  board,
  details,
}: {
  session: EventSession;
  board: Board;
  details: EventDetailsResponse;
}) {
  const plan = usePathPlan(details.controlDocName, board.id, session.token);
  const [editor, setEditor] = useState<Editor | null>(null);
  const me = session.participant;
  // The same rule the server enforces on this board's updates.
  const role = pathBoardRole(me, plan);
  const writable = mayWritePathBoard(role, plan);
  const readOnly = !canEditBoards(me) || !writable;
  return (
    <BoardView
      session={session}
      board={board}
      details={details}
      readOnly={readOnly}
      onEditor={setEditor}
      bar={<PathBoardBar plan={plan} role={role} editor={editor} />}
    />
  );
}

function BoardView({
  session,
  board,
  details,
  readOnly: readOnlyProp = !canEditBoards(session.participant),
  onEditor,
  bar,
}: {
  session: EventSession;
  board: Board;
  details: EventDetailsResponse;
  readOnly?: boolean;
  onEditor?: (editor: Editor | null) => void;
  bar?: ReactNode;
}) {
  // The editor is kept here too: a summon's follow and take-control drive its camera.
  const [editor, setEditor] = useState<Editor | null>(null);
  const onEditorRef = useRef(onEditor);
  onEditorRef.current = onEditor;
  const keepEditor = useCallback((next: Editor | null) => {
    setEditor(next);
    onEditorRef.current?.(next);
  }, []);
  // A facilitator may make every board view-only (the harvest); the server enforces it too.
  const phaseViewOnly = useBoardsViewOnly(
    details.controlDocName,
    session.token,
    session.participant.role,
  );
  const readOnly = readOnlyProp || phaseViewOnly;
  // After a change of theirs is refused (4403), the board opens again by itself: at once when it
  // touched something locked (that change undone), or once they may write again (view only or
  // the PATH group watching) with what the device kept (`useRefusalRecovery`).
  const { connection, canvas, notice } = useSyncedBoard(session, board.docName, {
    readOnly,
    loadingText: "Opening the board…",
    onEditor: keepEditor,
    controlDocName: details.controlDocName,
  });

  return (
    <div className="board" data-testid="board-page" data-readonly={String(readOnly)}>
      <header className="board__bar">
        <Link to={paths.event(session.eventId)} className="button button--quiet">
          <span aria-hidden="true">←</span> All boards
        </Link>
        <div className="board__heading">
          <h1 className="board__title" data-testid="board-title">
            {board.title}
          </h1>
          {board.question ? <p className="board__question">{board.question}</p> : null}
        </div>
        {readOnly ? (
          <span className="badge badge--readonly" data-testid="readonly-badge">
            <span aria-hidden="true">👁 </span>View only
          </span>
        ) : null}
        {session.participant.role === "facilitator" ? (
          <Link
            to={paths.replay(session.eventId, board.id)}
            className="button button--quiet"
            data-testid="board-replay-link"
          >
            Replay
          </Link>
        ) : null}
        <ConnectionStatus state={connection} />
        <EventControls
          session={session}
          controlDocName={details.controlDocName}
          here={board.id}
          editor={editor}
          panel={session.participant.role === "facilitator" ? { boards: details.boards } : null}
        />
      </header>
      {bar}
      {phaseViewOnly ? (
        <p className="board__notice" role="status" data-testid="boards-view-only">
          The facilitator has made the boards view only for now: you can look around and zoom.
        </p>
      ) : readOnly ? (
        <p className="board__notice" data-testid="readonly-notice">
          You're watching: you can look around and zoom, but not change this board.
        </p>
      ) : null}
      {notice ? (
        <p className="board__notice" role="status" data-testid="refused-change-notice">
          {notice}
        </p>
      ) : null}
      <div className="board__canvas" data-testid="board-canvas">
        {canvas}
      </div>
    </div>
  );
}

/** `/e/:eventId/b/:boardId`: one board, with a link that stays the same for the whole event. */
export default function BoardPage({ eventId, boardId }: { eventId: string; boardId: string }) {
  const session = useMemo(() => loadSession(eventId), [eventId]);
  // Fetch tldraw while the event loads and the doc syncs, not after.
  useEffect(() => {
    if (session) loadBoardCanvas().catch(() => {});
  }, [session]);
  if (!session) return <NeedsJoin />;
  return (
    <EventBoardLoader session={session} boardId={boardId} what="board">
      {(board, details) =>
        board.kind === "path" ? (
          <PathBoardView session={session} board={board} details={details} />
        ) : (
          <BoardView session={session} board={board} details={details} />
        )
      }
    </EventBoardLoader>
  );
}

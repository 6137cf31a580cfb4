import type { Board } from "@tablecloth/protocol";
import { useCallback, useEffect, useMemo, useRef } from "react";
import type { Editor } from "tldraw";
import { EventControls } from "../controls/EventControls";
import { EventBoardLoader } from "../pages/EventBoardLoader";
import { NeedsJoin } from "../pages/NeedsJoin";
import { paths } from "../router/matchRoute";
import { type EventSession, loadSession } from "../session";
import { loadBoardCanvas, useSyncedBoard } from "../sync/useSyncedBoard";
import { ProjectorFrame } from "./ProjectorFrame";

/** Room around the cloth's content on the screen (CSS pixels), clear of the title. */
const FIT_INSET_PX = 96;

/** How long the view waits after a change before it fits the cloth to the screen again. */
const REFIT_AFTER_MS = 600;

/**
 * Keeps everything on the cloth in view: fits once mounted, then again shortly after people
 * change it and when the window changes size, so the screen follows the table by itself.
 */
function useFitToContent(): (editor: Editor | null) => void {
  const stop = useRef<(() => void) | null>(null);
  useEffect(() => () => stop.current?.(), []);
  return useCallback((editor: Editor | null) => {
    stop.current?.();
    stop.current = null;
    if (!editor) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const fit = (animate: boolean) => {
      timer = null;
      const bounds = editor.getCurrentPageBounds();
      if (!bounds) return;
      // Never past 200 %: one note on a fresh cloth stays a note (readable), not a wall of yellow.
      editor.zoomToBounds(bounds, {
        targetZoom: 2,
        inset: FIT_INSET_PX,
        ...(animate ? { animation: { duration: 300 } } : {}),
      });
    };
    const later = () => {
      if (timer === null) timer = setTimeout(() => fit(true), REFIT_AFTER_MS);
    };
    fit(false);
    const unlisten = editor.store.listen(later, { scope: "document", source: "all" });
    window.addEventListener("resize", later);
    stop.current = () => {
      unlisten();
      window.removeEventListener("resize", later);
      if (timer !== null) clearTimeout(timer);
    };
  }, []);
}

function BoardScreen({
  session,
  board,
  controlDocName,
}: {
  session: EventSession;
  board: Board;
  controlDocName: string;
}) {
  const onEditor = useFitToContent();
  const { canvas } = useSyncedBoard(session, board.docName, {
    readOnly: true,
    loadingText: "Opening the board…",
    onEditor,
    hideUi: true,
    controlDocName,
  });
  return (
    <ProjectorFrame
      label={`${board.title}, on the screen`}
      back={paths.projector(session.eventId, "menu")}
      testId="projector-board"
    >
      <div className="projector__board" data-testid="board-canvas">
        {canvas}
      </div>
      <h1 className="projector__board-title" data-testid="projector-board-title">
        {board.title}
        {board.question ? ` · ${board.question}` : ""}
      </h1>
    </ProjectorFrame>
  );
}

/**
 * `/e/:eventId/b/:boardId/projector`: one board on the room's screen — the whole cloth, fitted
 * to the screen and following what people draw, with no tools and no way to change it.
 */
export function BoardProjectorPage({ eventId, boardId }: { eventId: string; boardId: string }) {
  const session = useMemo(() => loadSession(eventId), [eventId]);
  useEffect(() => {
    if (session) loadBoardCanvas().catch(() => {});
  }, [session]);
  if (!session) return <NeedsJoin />;
  return (
    <EventBoardLoader session={session} boardId={boardId} what="board">
      {(board, details) => (
        <>
          {/* The room's screen shows broadcasts too, but a summon never moves it. */}
          <EventControls
            session={session}
            controlDocName={details.controlDocName}
            here={board.id}
            summonable={false}
          />
          <BoardScreen session={session} board={board} controlDocName={details.controlDocName} />
        </>
      )}
    </EventBoardLoader>
  );
}

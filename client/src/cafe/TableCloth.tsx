import { SimpleToolsSwitch } from "../board/SimpleToolsSwitch";
import { ConnectionStatus } from "../components/ConnectionStatus";
import { useBoardsViewOnly } from "../controls/useEventControls";
import type { EventSession } from "../session";
import { canEditBoards } from "../session";
import { useSyncedBoard } from "../sync/useSyncedBoard";

/**
 * One table's cloth: the same board doc and canvas as a board page, opened in place. The café page
 * keys it by doc name, so moving to another table swaps the doc without reloading the app.
 */
export function TableCloth({
  session,
  docName,
  readOnly: readOnlyProp = false,
  controlDocName = null,
}: {
  session: EventSession;
  docName: string;
  readOnly?: boolean;
  /** The event's control doc: the cloth goes view-only while the facilitator says so. */
  controlDocName?: string | null;
}) {
  const phaseViewOnly = useBoardsViewOnly(controlDocName, session.token, session.participant.role);
  const readOnly = readOnlyProp || phaseViewOnly;
  const { connection, canvas, notice } = useSyncedBoard(session, docName, {
    readOnly: readOnly || !canEditBoards(session.participant),
    loadingText: "Opening the cloth…",
    controlDocName,
  });
  return (
    <div className="cloth" data-testid="cafe-cloth" data-doc-name={docName}>
      <div className="cloth__status">
        <ConnectionStatus state={connection} />
        {readOnly || !canEditBoards(session.participant) ? null : <SimpleToolsSwitch />}
      </div>
      {phaseViewOnly ? (
        <p className="cloth__notice" role="status" data-testid="boards-view-only">
          The facilitator has made the boards view only for now: you can look around and zoom.
        </p>
      ) : null}
      {notice ? (
        <p className="cloth__notice" role="status" data-testid="refused-change-notice">
          {notice}
        </p>
      ) : null}
      <div className="cloth__canvas" data-testid="board-canvas">
        {canvas}
      </div>
    </div>
  );
}

import type { PresenceUser } from "@tablecloth/tldraw-yjs";
import { lazy, Suspense, useCallback, useMemo } from "react";
import { presenceColor } from "../board/presenceColor";
import { ConnectionStatus } from "../components/ConnectionStatus";
import { useClientConfig } from "../config/useClientConfig";
import type { EventSession } from "../session";
import { canEditBoards } from "../session";
import { useBoardDoc } from "../sync/useBoardDoc";

const BoardCanvas = lazy(() => import("../board/BoardCanvas"));

/**
 * One table's cloth: the same board doc and canvas as a board page, opened in place. The café page
 * keys it by doc name, so moving to another table swaps the doc without reloading the app.
 */
export function TableCloth({
  session,
  docName,
  readOnly = false,
}: {
  session: EventSession;
  docName: string;
  readOnly?: boolean;
}) {
  const boardDoc = useBoardDoc(docName, session.token);
  const config = useClientConfig();
  const { id, name } = session.participant;
  const user = useMemo<PresenceUser>(() => ({ id, name, color: presenceColor(id) }), [id, name]);
  const getToken = useCallback(() => session.token, [session.token]);
  const connection = boardDoc?.connection ?? { status: "connecting" as const };
  const cannotEdit = readOnly || !canEditBoards(session.participant);
  return (
    <div className="cloth" data-testid="cafe-cloth" data-doc-name={docName}>
      <div className="cloth__status">
        <ConnectionStatus state={connection} />
      </div>
      <div className="cloth__canvas" data-testid="board-canvas">
        {boardDoc?.ready && config ? (
          <Suspense fallback={<p className="board__loading">Opening the cloth…</p>}>
            <BoardCanvas
              doc={boardDoc.doc}
              awareness={boardDoc.awareness}
              online={connection.status === "online"}
              readOnly={cannotEdit}
              user={user}
              licenseKey={config.tldrawLicenseKey}
              getToken={getToken}
            />
          </Suspense>
        ) : (
          <p className="board__loading" role="status">
            Opening the cloth…
          </p>
        )}
      </div>
    </div>
  );
}

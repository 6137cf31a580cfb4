import type { PresenceUser } from "@tablecloth/tldraw-yjs";
import { lazy, type ReactNode, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import type { Editor } from "tldraw";
import { presenceColor } from "../board/presenceColor";
import { useSimpleTools } from "../board/useSimpleTools";
import { useClientConfig } from "../config/useClientConfig";
import { useAnonymousMode } from "../controls/useEventControls";
import type { EventSession } from "../session";
import type { ConnectionState } from "./connectionState";
import { useRefusalRecovery } from "./refusalRecovery";
import { useBoardDoc } from "./useBoardDoc";

/** Fetches tldraw's chunk; call early (while an event loads) so the board opens sooner. */
export const loadBoardCanvas = () => import("../board/BoardCanvas");
const BoardCanvas = lazy(loadBoardCanvas);

/** A synced board ready to place: its connection (for a status badge) and its canvas. */
export interface SyncedBoard {
  connection: ConnectionState;
  canvas: ReactNode;
  /** Set once the server refused a change of this person's and the board was opened afresh. */
  notice: string | null;
}

/**
 * The one place a board is mounted (a board page, a café table's cloth): opens the board's doc,
 * waits until it holds what we know, then renders tldraw on it with the session's presence and
 * the server's licence key. `loadingText` shows until then. After a 4403 (a change of this
 * person's refused for good) it opens the board again as `useRefusalRecovery` says.
 */
export function useSyncedBoard(
  session: EventSession,
  docName: string,
  options: {
    readOnly: boolean;
    loadingText: string;
    onEditor?: (editor: Editor | null) => void;
    /** Only the cloth, no tldraw UI (a projector view). */
    hideUi?: boolean;
    /** The event's control doc: in anonymous mode others' cursors carry no name tag. */
    controlDocName?: string | null;
  },
): SyncedBoard {
  // The recovery decides the opening, and follows the connection that opening gives: the
  // connection comes back to it through state (one render later), not in a loop.
  const [seen, setSeen] = useState<{ connection: ConnectionState; admitted: boolean }>({
    connection: { status: "connecting" },
    admitted: false,
  });
  const recovery = useRefusalRecovery(seen.connection, seen.admitted, options.readOnly);
  const boardDoc = useBoardDoc(docName, session.token, recovery.attempt);
  const config = useClientConfig();
  const { id, name } = session.participant;
  const user = useMemo<PresenceUser>(() => ({ id, name, color: presenceColor(id) }), [id, name]);
  const getToken = useCallback(() => session.token, [session.token]);
  const connection: ConnectionState = boardDoc?.connection ?? { status: "connecting" };
  const admitted = boardDoc?.admitted ?? false;
  const seenKey = JSON.stringify([connection, admitted]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for the values
  useEffect(() => setSeen({ connection, admitted }), [seenKey]);
  const [simple] = useSimpleTools();
  const { loadingText, readOnly, onEditor, hideUi = false } = options;
  const anonymous = useAnonymousMode(options.controlDocName ?? null, session.token);
  const canvas =
    boardDoc?.ready && config ? (
      <Suspense fallback={<p className="board__loading">{loadingText}</p>}>
        <BoardCanvas
          key={boardDoc.doc.guid}
          doc={boardDoc.doc}
          awareness={boardDoc.awareness}
          online={connection.status === "online"}
          readOnly={readOnly}
          user={user}
          licenseKey={config.tldrawLicenseKey}
          getToken={getToken}
          onEditor={onEditor}
          simple={simple}
          hideUi={hideUi}
          facilitator={session.participant.role === "facilitator"}
          anonymous={anonymous}
        />
      </Suspense>
    ) : (
      <p className="board__loading" role="status">
        {loadingText}
      </p>
    );
  return { connection, canvas, notice: recovery.notice };
}

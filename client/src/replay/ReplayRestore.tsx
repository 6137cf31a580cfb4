import type { Board, RestoreResponse } from "@tablecloth/protocol";
import { useState } from "react";
import { friendlyMessage } from "../api/ApiError";
import { ErrorMessage } from "../components/ErrorMessage";
import type { EventSession } from "../session";
import { clockTime } from "./clockTime";
import { replayApi } from "./replayApi";

type RestoreState =
  | { phase: "idle" }
  | { phase: "confirming"; at: number; began: number }
  | { phase: "working" }
  | { phase: "done"; answer: RestoreResponse; undone: boolean }
  | { phase: "failed"; message: string };

/** "Restore this moment" with a confirmation, and "Undo restore" after it. */
export function Restore({
  session,
  board,
  at,
  serverNow,
  onRestored,
}: {
  session: EventSession;
  board: Board;
  at: number;
  serverNow: () => number;
  onRestored: () => void;
}) {
  const [state, setState] = useState<RestoreState>({ phase: "idle" });
  const run = async (body: { at: number; began?: number }, undone: boolean) => {
    setState({ phase: "working" });
    try {
      const answer = await replayApi.restore(session.eventId, board.id, body, session.token);
      setState({ phase: "done", answer, undone });
      onRestored();
    } catch (e) {
      setState({ phase: "failed", message: friendlyMessage(e) });
    }
  };
  return (
    <div className="replay__restore" data-testid="replay-restore-panel">
      {state.phase === "confirming" ? (
        <div role="alertdialog" aria-label="Restore this moment" className="replay__confirm">
          <p>
            Bring the board back to how it was at <strong>{clockTime(state.at)}</strong>? Everyone
            at the table sees it at once. Whatever people drew since you clicked is kept, and you
            can undo it.
          </p>
          <button
            type="button"
            className="button button--primary"
            onClick={() => run({ at: state.at, began: state.began }, false)}
            data-testid="replay-restore-confirm"
          >
            Restore
          </button>
          <button
            type="button"
            className="button button--quiet"
            onClick={() => setState({ phase: "idle" })}
          >
            Cancel
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="button"
          disabled={state.phase === "working"}
          onClick={() => setState({ phase: "confirming", at, began: Math.round(serverNow()) })}
          data-testid="replay-restore"
        >
          Restore this moment
        </button>
      )}
      {state.phase === "done" ? (
        <span data-testid="replay-restored" className="replay__done">
          {state.undone ? "Restore undone." : `Restored to ${clockTime(state.answer.restoredTo)}.`}{" "}
          {state.undone ? null : (
            <button
              type="button"
              className="button button--quiet"
              onClick={() => run({ at: state.answer.undoAt }, true)}
              data-testid="replay-undo-restore"
            >
              Undo restore
            </button>
          )}
        </span>
      ) : null}
      {state.phase === "failed" ? <ErrorMessage>{state.message}</ErrorMessage> : null}
    </div>
  );
}

import { type Board, ControlsLimits, type SummonMode } from "@tablecloth/protocol";
import { type FormEvent, useState } from "react";
import { friendlyMessage } from "../api/ApiError";
import { ErrorMessage } from "../components/ErrorMessage";
import type { EventSession } from "../session";
import { controlsApi } from "./controlsApi";
import type { EventControlsState } from "./useEventControls";

const MODE_NAMES: Record<SummonMode, string> = {
  bring: "brought to",
  follow: "following you on",
  control: "locked to your view on",
};

/**
 * What a facilitator sends from any page: a broadcast to every page (with a chime), and a
 * summon: follow me or take control on the board they are on, or bring everyone (or one café
 * table's people) to a board; release ends it. What is in force comes back on the control doc.
 */
/** What a facilitator on a board can summon people to do there, as buttons. */
const SUMMONS = [
  { mode: "follow", label: "Follow me", testId: "summon-follow", primary: false },
  { mode: "control", label: "Take control", testId: "summon-control", primary: true },
  { mode: "bring", label: "Bring them here", testId: "summon-bring-here", primary: false },
] as const;

export function FacilitatorControls({
  session,
  boards,
  here,
  controls,
}: {
  session: EventSession;
  boards: readonly Board[];
  here: string | null;
  controls: EventControlsState | null;
}) {
  const { eventId, token } = session;
  const [text, setText] = useState("");
  const [chime, setChime] = useState(true);
  const [audience, setAudience] = useState("");
  const [target, setTarget] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tables = boards.filter((b) => b.kind === "table");
  const boardTitle = (id: string) => boards.find((b) => b.id === id)?.title ?? "a board";

  const run = async (call: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await call();
      return true;
    } catch (caught) {
      setError(friendlyMessage(caught));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => controlsApi.broadcast(eventId, { text, chime }, token))) setText("");
  };
  const summon = (boardId: string, mode: SummonMode) =>
    run(() =>
      controlsApi.summon(
        eventId,
        { boardId, mode, tableId: audience === "" ? null : audience },
        token,
      ),
    );
  const summonInForce = controls?.summon ?? null;
  const bringTo = here ?? (target || boards[0]?.id || "");

  return (
    <details className="facilitator-controls" data-testid="facilitator-controls">
      <summary className="button button--quiet">Facilitator controls</summary>
      <div className="facilitator-controls__body">
        <form onSubmit={send} className="facilitator-controls__section">
          <label className="field">
            <span className="field__label">Message to every page</span>
            <textarea
              className="field__input"
              value={text}
              onChange={(e) => setText(e.target.value)}
              maxLength={ControlsLimits.broadcastChars}
              rows={2}
              required
              data-testid="broadcast-input"
            />
          </label>
          <label className="facilitator-controls__check">
            <input
              type="checkbox"
              checked={chime}
              onChange={(e) => setChime(e.target.checked)}
              data-testid="broadcast-chime"
            />
            Play a chime
          </label>
          <div className="facilitator-controls__row">
            <button
              type="submit"
              className="button button--primary"
              disabled={busy || text.trim() === ""}
              data-testid="broadcast-send"
            >
              Send
            </button>
            {controls?.broadcast ? (
              <button
                type="button"
                className="button button--quiet"
                disabled={busy}
                onClick={() => run(() => controlsApi.withdrawBroadcast(eventId, token))}
                data-testid="broadcast-withdraw"
              >
                Withdraw the message
              </button>
            ) : null}
          </div>
        </form>
        <div className="facilitator-controls__section">
          <label className="field">
            <span className="field__label">Who</span>
            <select
              className="field__input"
              value={audience}
              onChange={(e) => setAudience(e.target.value)}
              data-testid="summon-audience"
            >
              <option value="">Everyone</option>
              {tables.map((table) => (
                <option key={table.id} value={table.id}>
                  People at {table.title}
                </option>
              ))}
            </select>
          </label>
          {here ? (
            <div className="facilitator-controls__row">
              {SUMMONS.map(({ mode, label, testId, primary }) => (
                <button
                  key={mode}
                  type="button"
                  className={primary ? "button button--primary" : "button"}
                  disabled={busy}
                  onClick={() => summon(here, mode)}
                  data-testid={testId}
                >
                  {label}
                </button>
              ))}
            </div>
          ) : (
            <div className="facilitator-controls__row">
              <label className="field">
                <span className="field__label">To</span>
                <select
                  className="field__input"
                  value={bringTo}
                  onChange={(e) => setTarget(e.target.value)}
                  data-testid="summon-board"
                >
                  {boards.map((board) => (
                    <option key={board.id} value={board.id}>
                      {board.title}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                className="button"
                disabled={busy || bringTo === ""}
                onClick={() => summon(bringTo, "bring")}
                data-testid="summon-bring"
              >
                Bring them there
              </button>
            </div>
          )}
          {summonInForce ? (
            <div className="facilitator-controls__row" data-testid="summon-in-force">
              <span>
                {summonInForce.audience.kind === "everyone" ? "Everyone" : "A table's people"}{" "}
                {MODE_NAMES[summonInForce.mode]} {boardTitle(summonInForce.boardId)}.
              </span>
              <button
                type="button"
                className="button button--primary"
                disabled={busy}
                onClick={() => run(() => controlsApi.release(eventId, token))}
                data-testid="summon-release"
              >
                Release
              </button>
            </div>
          ) : null}
        </div>
        <div className="facilitator-controls__section" data-testid="boards-phase">
          <span className="field__label">Boards</span>
          <p>
            {controls?.boards === "view-only"
              ? "View only: participants look, nobody but facilitators changes a board."
              : "Open: participants draw on their boards."}
          </p>
          <button
            type="button"
            className="button"
            disabled={busy || controls === null}
            aria-pressed={controls?.boards === "view-only"}
            onClick={() =>
              run(() =>
                controlsApi.boardsPhase(
                  eventId,
                  controls?.boards === "view-only" ? "open" : "view-only",
                  token,
                ),
              )
            }
            data-testid="boards-phase-toggle"
          >
            {controls?.boards === "view-only"
              ? "Open the boards again"
              : "Make every board view only"}
          </button>
        </div>
        <div className="facilitator-controls__section" data-testid="anonymous-mode">
          <span className="field__label">Names</span>
          <p>
            {controls?.anonymous
              ? "Anonymous: nobody is named to anybody, facilitators included, in presence, lists, replay and export."
              : "Named: people see each other's names and cursor labels."}
          </p>
          <button
            type="button"
            className="button"
            disabled={busy || controls === null}
            aria-pressed={controls?.anonymous === true}
            onClick={() =>
              run(() => controlsApi.anonymous(eventId, !(controls?.anonymous ?? false), token))
            }
            data-testid="anonymous-toggle"
          >
            {controls?.anonymous ? "Show names again" : "Turn anonymous mode on"}
          </button>
        </div>
        {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      </div>
    </details>
  );
}

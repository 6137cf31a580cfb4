import {
  type CafeState,
  type ClockOffset,
  type RoundEndChoice,
  tableQuestion,
} from "@tablecloth/cafe";
import { useEffect, useRef, useState } from "react";
import { friendlyMessage } from "../api/ApiError";
import { ErrorMessage } from "../components/ErrorMessage";
import { Name } from "../components/Name";
import type { EventSession } from "../session";
import { Countdown } from "./Countdown";
import { cafeApi } from "./cafeApi";
import { HostPrompt } from "./HostPrompt";
import { type RotationNotice, rotationNotice } from "./rotationNotice";
import { TableCloth } from "./TableCloth";
import { WhoIsWhere } from "./WhoIsWhere";

/** How long the "you are now at…" notice stays before it fades by itself. */
const NOTICE_MS = 20_000;

function PresenceChoice({ session }: { session: EventSession }) {
  const [error, setError] = useState<string | null>(null);
  const choose = (presence: "in-room" | "remote") => {
    setError(null);
    cafeApi
      .presence(session.eventId, presence, session.token)
      .catch((e: unknown) => setError(friendlyMessage(e)));
  };
  return (
    <section className="card card--narrow" aria-labelledby="presence-heading">
      <h2 id="presence-heading">Welcome to the café, {session.participant.name}</h2>
      <p>Where are you joining from?</p>
      <div className="row">
        <button
          type="button"
          className="button button--primary"
          onClick={() => choose("in-room")}
          data-testid="cafe-in-room"
        >
          I'm in the room
        </button>
        <button
          type="button"
          className="button"
          onClick={() => choose("remote")}
          data-testid="cafe-remote"
        >
          I'm joining remotely
        </button>
      </div>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
    </section>
  );
}

/**
 * A participant's café: their table's cloth, the round's countdown, a notice when the café moves
 * them (the page follows the control doc and swaps cloths by itself, no reload), the host's prompt
 * at the start of a round, free movement when allowed, and the who-is-where map.
 */
export function ParticipantCafe({
  session,
  state,
  atRoundEnd,
  offset,
  names,
  controlDocName = null,
}: {
  session: EventSession;
  state: CafeState;
  atRoundEnd: RoundEndChoice;
  offset: ClockOffset | null;
  names: ReadonlyMap<string, string>;
  /** The event's control doc, for the boards' phase (view-only during a harvest). */
  controlDocName?: string | null;
}) {
  const me = session.participant.id;
  const seat = state.seating[me];
  const table = seat?.tableId ? state.tables.find((t) => t.id === seat.tableId) : undefined;
  const [notice, setNotice] = useState<RotationNotice | null>(null);
  const [hostRound, setHostRound] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  // On a phone the side panel is a bottom sheet over the cloth, closed until asked for.
  const [sheetOpen, setSheetOpen] = useState(false);
  const previous = useRef<CafeState | null>(null);
  // Arrived by a table's QR code (`?table=`): sit down there once, then forget the query.
  const [arriving, setArriving] = useState(
    () => new URLSearchParams(window.location.search).get("table") !== null,
  );
  useEffect(() => {
    const tableId = new URLSearchParams(window.location.search).get("table");
    if (tableId === null) return;
    window.history.replaceState(null, "", window.location.pathname);
    cafeApi
      .arrive(session.eventId, tableId, session.token)
      .catch((e: unknown) => setError(friendlyMessage(e)))
      .finally(() => setArriving(false));
  }, [session.eventId, session.token]);

  useEffect(() => {
    const next = rotationNotice(previous.current, state, me, names);
    // The first state seen is where the page opened: only later changes are news.
    if (next && previous.current !== null) {
      setNotice(next);
      if (next.isHost && state.round.phase === "running") setHostRound(next.round);
    }
    if (previous.current === null && table?.hostId === me && state.round.phase === "running") {
      setHostRound(state.round.round);
    }
    previous.current = state;
  }, [state, me, names, table?.hostId]);

  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(() => setNotice(null), NOTICE_MS);
    return () => window.clearTimeout(timer);
  }, [notice]);

  const act = (action: Promise<unknown>) => {
    setError(null);
    action.catch((e: unknown) => setError(friendlyMessage(e)));
  };

  if (!seat?.tableId && arriving) {
    return (
      <p className="card card--narrow" role="status">
        Taking your seat…
      </p>
    );
  }
  if (!seat) {
    return (
      <>
        {error ? <ErrorMessage>{error}</ErrorMessage> : null}
        <PresenceChoice session={session} />
      </>
    );
  }
  const hostName = table?.hostId ? (names.get(table.hostId) ?? "…") : null;
  // The round's question, or the table's own: it changes at each round's start by itself.
  const question = table ? tableQuestion(state, table) : null;
  const hosting = hostRound !== null && table?.hostId === me;

  return (
    <div className="cafe" data-testid="cafe-participant">
      <header className="cafe__bar">
        <div className="cafe__where">
          <h1
            className="cafe__table"
            data-testid="cafe-table-name"
            data-table-id={table?.id ?? ""}
            title={table?.name}
          >
            {table ? table.name : "Waiting for a table"}
          </h1>
          {table ? (
            <p className="cafe__host" data-testid="cafe-host">
              {table.hostId === me ? (
                "You are the host"
              ) : hostName ? (
                <>
                  Host: <Name>{hostName}</Name>
                </>
              ) : (
                "No host yet"
              )}
            </p>
          ) : null}
        </div>
        <Countdown round={state.round} offset={offset} atRoundEnd={atRoundEnd} />
        <button
          type="button"
          className="button cafe__sheet-toggle"
          aria-expanded={sheetOpen}
          aria-controls="cafe-side"
          onClick={() => setSheetOpen((open) => !open)}
          data-testid="cafe-sheet-toggle"
        >
          {sheetOpen ? "Close" : hosting ? "Host tips" : "Tables"}
        </button>
        {question ? (
          <p
            className="cafe__question"
            data-testid="cafe-question"
            aria-live="polite"
            data-round={state.round.phase === "not-started" ? 1 : state.round.round}
          >
            {question}
          </p>
        ) : null}
      </header>
      {notice ? (
        <div className="cafe__notice" role="status" data-testid="cafe-notice">
          {notice.text}
          <button
            type="button"
            className="button button--quiet"
            onClick={() => setNotice(null)}
            aria-label="Close notice"
          >
            ×
          </button>
        </div>
      ) : null}
      <div className="cafe__body">
        <div className="cafe__main">
          {table?.docName ? (
            <TableCloth
              key={table.docName}
              session={session}
              docName={table.docName}
              controlDocName={controlDocName}
            />
          ) : (
            <p className="card">The facilitator will seat you at a table soon.</p>
          )}
        </div>
        <aside
          id="cafe-side"
          className={`cafe__side${sheetOpen ? " cafe__side--open" : ""}`}
          aria-label="Your table, moving and who is where"
          data-testid="cafe-side"
        >
          {question ? <p className="cafe__sheet-question">{question}</p> : null}
          {hosting ? <HostPrompt round={hostRound} onClose={() => setHostRound(null)} /> : null}
          {table && table.hostId === null ? (
            <button
              type="button"
              className="button"
              onClick={() => act(cafeApi.volunteer(session.eventId, table.id, session.token))}
              data-testid="cafe-volunteer"
            >
              Volunteer to host this table
            </button>
          ) : null}
          {state.settings.freeMovement ? (
            <section aria-labelledby="move-heading">
              <h2 id="move-heading">Move to another table</h2>
              <ul className="cafe__moves">
                {state.tables
                  .filter((t) => t.id !== table?.id)
                  .map((t) => (
                    <li key={t.id}>
                      <button
                        type="button"
                        className="button"
                        disabled={table?.hostId === me}
                        onClick={() => act(cafeApi.move(session.eventId, t.id, session.token))}
                        data-testid="cafe-move-to"
                        data-table-id={t.id}
                      >
                        {t.name}
                      </button>
                    </li>
                  ))}
              </ul>
            </section>
          ) : null}
          {error ? <ErrorMessage>{error}</ErrorMessage> : null}
          <h2>Who is where</h2>
          <WhoIsWhere state={state} names={names} me={me} compact />
        </aside>
      </div>
    </div>
  );
}

import type { Board, EventDetailsResponse } from "@tablecloth/protocol";
import { type FormEvent, useMemo, useState } from "react";
import { friendlyMessage } from "../api/ApiError";
import { api } from "../api/api";
import { useEventDetails } from "../api/useEventDetails";
import { ConnectionStatus } from "../components/ConnectionStatus";
import { ErrorMessage } from "../components/ErrorMessage";
import { Field } from "../components/Field";
import { LicenceWarning } from "../components/LicenceWarning";
import { Name } from "../components/Name";
import { PageShell } from "../components/PageShell";
import { EventControls } from "../controls/EventControls";
import { DownloadPanel } from "../downloads/DownloadPanel";
import { FORMAT_NAMES } from "../formatNames";
import { PathPanel } from "../path/PathPanel";
import { type PresentPerson, useLobbyPresence } from "../presence/useLobbyPresence";
import { Link } from "../router/Link";
import { paths } from "../router/matchRoute";
import { type EventSession, loadSession } from "../session";
import { NeedsJoin } from "./NeedsJoin";
import { useJoinQrCode } from "./useJoinQrCode";

function AddTableForm({
  eventId,
  token,
  onAdded,
}: {
  eventId: string;
  token: string;
  onAdded: () => void;
}) {
  const [title, setTitle] = useState("");
  const [question, setQuestion] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.createBoard(
        eventId,
        { kind: "table", title: title.trim(), ...(question.trim() ? { question } : {}) },
        token,
      );
      setTitle("");
      setQuestion("");
      onAdded();
    } catch (caught) {
      setError(friendlyMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="add-table-heading">
      <h2 id="add-table-heading">Add a table</h2>
      <Field
        label="Table name"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        maxLength={200}
        required
        data-testid="add-board-title"
      />
      <Field
        label="Question for this table (optional)"
        value={question}
        onChange={(e) => setQuestion(e.target.value)}
        maxLength={1000}
        data-testid="add-board-question"
      />
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <button
        type="submit"
        className="button button--primary"
        disabled={busy || title.trim() === ""}
        data-testid="add-board-submit"
      >
        {busy ? "Adding…" : "Add table"}
      </button>
    </form>
  );
}

function BoardList({
  eventId,
  boards,
  isFacilitator,
}: {
  eventId: string;
  boards: Board[];
  isFacilitator: boolean;
}) {
  if (boards.length === 0) {
    return (
      <p data-testid="no-boards">
        {isFacilitator
          ? "No boards yet. Add a table here, or open the café to make all its tables at once."
          : "No boards yet. Your facilitator will add them soon."}
      </p>
    );
  }
  return (
    <ul className="boards" data-testid="board-list">
      {boards.map((board) => (
        <li key={board.id}>
          <Link
            to={paths.board(eventId, board.id)}
            className="boards__link"
            data-testid="board-link"
            data-board-id={board.id}
          >
            <span className="boards__title">{board.title}</span>
            {board.question ? <span className="boards__question">{board.question}</span> : null}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function People({ people }: { people: PresentPerson[] }) {
  return (
    <section className="card" aria-labelledby="people-heading">
      <h2 id="people-heading">Here now</h2>
      {people.length === 0 ? (
        <p>Connecting…</p>
      ) : (
        <ul className="people" data-testid="people-list">
          {people.map((person) => (
            <li key={person.clientId} data-testid="person">
              <span className="people__dot" style={{ background: person.color }} aria-hidden />
              <Name>{person.name}</Name>
              {person.isMe ? " (you)" : ""}
              {person.role !== "participant" ? (
                <span className="people__role"> · {person.role}</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function JoinCodeControls({
  eventId,
  token,
  joinOpen,
  onChanged,
}: {
  eventId: string;
  token: string;
  joinOpen: boolean;
  onChanged: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: "rotate" | "close") => {
    setBusy(true);
    setError(null);
    try {
      if (action === "rotate") await api.rotateJoinCode(eventId, token);
      else await api.closeJoinCode(eventId, token);
      onChanged();
    } catch (caught) {
      setError(friendlyMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="join-code__controls">
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => void run("rotate")}
        data-testid="rotate-join-code"
      >
        {joinOpen ? "New code" : "Open with a new code"}
      </button>
      {joinOpen ? (
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => void run("close")}
          data-testid="close-join-code"
        >
          Close joining
        </button>
      ) : null}
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
    </div>
  );
}

function JoinCodePanel({
  details,
  token,
  isFacilitator,
  onChanged,
}: {
  details: EventDetailsResponse;
  token: string;
  isFacilitator: boolean;
  onChanged: () => void;
}) {
  const link = `${window.location.origin}${details.event.joinPath}`;
  const qrCode = useJoinQrCode(details.event.id, token, details.event.joinCode);
  const { joinOpen } = details.event;
  return (
    <section className="card join-code" aria-labelledby="code-heading">
      <h2 id="code-heading">Invite people</h2>
      {joinOpen ? (
        <p>Share this code, or the link below:</p>
      ) : (
        <p role="status" data-testid="join-closed">
          Joining is closed: nobody new can join with this code. People already here stay.
        </p>
      )}
      <p className="join-code__code" data-testid="event-join-code">
        {details.event.joinCode}
      </p>
      {joinOpen ? (
        <p className="join-code__link">
          <a href={details.event.joinPath}>{link}</a>
        </p>
      ) : null}
      {joinOpen && qrCode ? (
        <img
          className="join-code__qr"
          src={qrCode}
          width={160}
          height={160}
          alt={`QR code that opens ${link}`}
          data-testid="event-join-qr"
        />
      ) : null}
      {isFacilitator ? (
        <JoinCodeControls
          eventId={details.event.id}
          token={token}
          joinOpen={joinOpen}
          onChanged={onChanged}
        />
      ) : null}
    </section>
  );
}

function Lobby({ session }: { session: EventSession }) {
  const { state, reload } = useEventDetails(session.eventId, session.token);
  const details = state.status === "loaded" ? state.details : null;
  const { people, connection } = useLobbyPresence(
    details?.controlDocName ?? null,
    session.token,
    session.participant,
  );
  const isFacilitator = session.participant.role === "facilitator";

  if (state.status === "loading") {
    return (
      <PageShell title="Loading event">
        <p role="status">Loading the event…</p>
      </PageShell>
    );
  }
  if (state.status === "failed") {
    return (
      <PageShell title="Event">
        <ErrorMessage>{friendlyMessage(state.error)}</ErrorMessage>
        <button type="button" className="button" onClick={reload}>
          Try again
        </button>
      </PageShell>
    );
  }
  const { event, boards } = state.details;
  return (
    <PageShell title={event.title}>
      {isFacilitator ? <LicenceWarning /> : null}
      <div className="title-row">
        <h1 data-testid="event-title">{event.title}</h1>
        <ConnectionStatus state={connection} what="event" />
        <EventControls
          session={session}
          controlDocName={state.details.controlDocName}
          here={null}
          panel={isFacilitator ? { boards } : null}
        />
      </div>
      <p className="lead">
        {FORMAT_NAMES[event.format].name} · you are{" "}
        <strong>
          <Name>{session.participant.name}</Name>
        </strong>
        {session.participant.role === "observer" ? " (watching)" : ""}
      </p>
      {event.format === "world-cafe" ? (
        <p>
          <Link
            to={paths.cafe(event.id)}
            className="button button--primary"
            data-testid="open-cafe"
          >
            Open the World Café
          </Link>
        </p>
      ) : null}
      {event.format === "path" ? (
        <PathPanel eventId={event.id} token={session.token} isFacilitator={isFacilitator} />
      ) : null}
      {event.format === "open-space" ? (
        <p>
          <Link
            to={paths.openSpace(event.id)}
            className="button button--primary"
            data-testid="open-open-space"
          >
            Open the Open Space
          </Link>
        </p>
      ) : null}
      {isFacilitator || session.participant.role === "observer" ? (
        <p>
          <Link to={paths.projector(event.id, "menu")} data-testid="open-projector">
            Projector views
          </Link>{" "}
          (the join code, the timer, who is where, a board) for the room's screen
        </p>
      ) : null}
      {state.fromCache ? (
        <p className="warning" role="status">
          You're offline: this is the last version of the event this device saw.
        </p>
      ) : null}
      <div className="columns">
        <section className="card" aria-labelledby="boards-heading">
          <h2 id="boards-heading">Boards</h2>
          <BoardList eventId={event.id} boards={boards} isFacilitator={isFacilitator} />
        </section>
        <div className="stack">
          {isFacilitator ? (
            <AddTableForm eventId={event.id} token={session.token} onAdded={reload} />
          ) : null}
          <JoinCodePanel
            details={state.details}
            token={session.token}
            isFacilitator={isFacilitator}
            onChanged={reload}
          />
          <People people={people} />
          <DownloadPanel session={session} controlDocName={state.details.controlDocName} />
        </div>
      </div>
    </PageShell>
  );
}

/** `/e/:eventId`: the event's boards and who is here. */
export function EventPage({ eventId }: { eventId: string }) {
  const session = useMemo(() => loadSession(eventId), [eventId]);
  if (!session) return <NeedsJoin />;
  return <Lobby session={session} />;
}

import { distinguishNames } from "@tablecloth/cafe";
import type { EventDetailsResponse } from "@tablecloth/protocol";
import { useMemo } from "react";
import { friendlyMessage } from "../api/ApiError";
import { useEventDetails } from "../api/useEventDetails";
import { Countdown } from "../cafe/Countdown";
import { useCafeDoc } from "../cafe/useCafeDoc";
import { useCafeNames } from "../cafe/useCafeNames";
import { useServerClock } from "../cafe/useServerClock";
import { WhoIsWhere } from "../cafe/WhoIsWhere";
import { ErrorMessage } from "../components/ErrorMessage";
import { PageShell } from "../components/PageShell";
import { EventControls } from "../controls/EventControls";
import { namesInDoc } from "../openSpace/namesInDoc";
import { useOpenSpaceDoc } from "../openSpace/useOpenSpaceDoc";
import { WhoIsWhereView } from "../openSpace/WhoIsWhereView";
import { NeedsJoin } from "../pages/NeedsJoin";
import { useJoinQrCode } from "../pages/useJoinQrCode";
import { Link } from "../router/Link";
import { type ProjectorView, paths } from "../router/matchRoute";
import { type EventSession, loadSession } from "../session";
import { ProjectorFrame } from "./ProjectorFrame";
import "../cafe/cafe.css";

const NO_NAMES: ReadonlyMap<string, string> = new Map();

/** The join code, its link and its QR code, as large as the screen allows. */
function JoinScreen({
  session,
  details,
}: {
  session: EventSession;
  details: EventDetailsResponse;
}) {
  const { event } = details;
  const link = `${window.location.origin}${event.joinPath}`;
  const qr = useJoinQrCode(event.id, session.token, event.joinCode);
  return (
    <ProjectorFrame
      label={`Join ${event.title}`}
      back={paths.projector(event.id, "menu")}
      testId="projector-join"
    >
      <h1 className="projector__title">{event.title}</h1>
      {event.joinOpen ? (
        <>
          <p className="projector__lead">Join on your phone: scan, or go to the link and type</p>
          <div className="projector__join">
            <p className="projector__code" data-testid="projector-join-code">
              {event.joinCode}
            </p>
            {qr ? (
              <img
                className="projector__qr"
                src={qr}
                alt={`QR code that opens ${link}`}
                data-testid="projector-join-qr"
              />
            ) : null}
          </div>
          <p className="projector__link" data-testid="projector-join-link">
            {link}
          </p>
        </>
      ) : (
        <p className="projector__lead" role="status" data-testid="projector-join-closed">
          Joining is closed.
        </p>
      )}
    </ProjectorFrame>
  );
}

/** The café's countdown, huge; the phase is announced when it changes. */
function TimerScreen({
  session,
  details,
}: {
  session: EventSession;
  details: EventDetailsResponse;
}) {
  const cafe = useCafeDoc(details.controlDocName, session.token, session.participant);
  const offset = useServerClock();
  return (
    <ProjectorFrame
      label={`Timer, ${details.event.title}`}
      back={paths.projector(details.event.id, "menu")}
      testId="projector-timer"
    >
      <h1 className="projector__title">{details.event.title}</h1>
      <div className="projector__timer">
        {cafe?.synced ? (
          <Countdown round={cafe.state.round} offset={offset} />
        ) : (
          <p role="status">Opening the café…</p>
        )}
      </div>
    </ProjectorFrame>
  );
}

function CafeWhere({ session, details }: { session: EventSession; details: EventDetailsResponse }) {
  const cafe = useCafeDoc(details.controlDocName, session.token, session.participant);
  const ids = useMemo(() => (cafe ? Object.keys(cafe.state.seating) : []), [cafe]);
  const known = useCafeNames(session.eventId, session.token, ids, cafe?.names ?? NO_NAMES);
  const names = useMemo(() => distinguishNames(known), [known]);
  if (!cafe?.synced) return <p role="status">Opening the café…</p>;
  return <WhoIsWhere state={cafe.state} names={names} me={session.participant.id} />;
}

function OpenSpaceWhere({
  session,
  details,
}: {
  session: EventSession;
  details: EventDetailsResponse;
}) {
  const os = useOpenSpaceDoc(details.controlDocName, session.token, session.participant);
  const names = useMemo(() => (os ? namesInDoc(os.state) : new Map<string, string>()), [os]);
  if (!os?.synced) return <p role="status">Opening the Open Space…</p>;
  return <WhoIsWhereView state={os.state} names={names} me={session.participant.id} />;
}

/** Who is where: the café's tables or the Open Space's sessions, live. */
function WhoScreen({ session, details }: { session: EventSession; details: EventDetailsResponse }) {
  const { event } = details;
  return (
    <ProjectorFrame
      label={`Who is where, ${event.title}`}
      back={paths.projector(event.id, "menu")}
      testId="projector-who"
    >
      <h1 className="projector__title">Who is where</h1>
      <div className="projector__where">
        {event.format === "world-cafe" ? (
          <CafeWhere session={session} details={details} />
        ) : event.format === "open-space" ? (
          <OpenSpaceWhere session={session} details={details} />
        ) : (
          <p className="projector__lead">A PATH has no tables: show its board instead.</p>
        )}
      </div>
    </ProjectorFrame>
  );
}

/** The list of projector views for this event, one link each (a table's view per board). */
function Menu({ details }: { details: EventDetailsResponse }) {
  const { event, boards } = details;
  return (
    <PageShell title="Projector views">
      <p>
        <Link to={paths.event(event.id)}>← {event.title}</Link>
      </p>
      <h1>Projector views</h1>
      <p>
        Open one on the screen everyone sees (a browser in full screen). Each updates live and needs
        no one at the keyboard.
      </p>
      <ul className="projector__menu">
        <li>
          <Link to={paths.projector(event.id, "join")} data-testid="projector-menu-join">
            The join code and its QR code
          </Link>
        </li>
        {event.format === "world-cafe" ? (
          <li>
            <Link to={paths.projector(event.id, "timer")} data-testid="projector-menu-timer">
              The round's timer
            </Link>
          </li>
        ) : null}
        {event.format !== "path" ? (
          <li>
            <Link to={paths.projector(event.id, "who")} data-testid="projector-menu-who">
              Who is where
            </Link>
          </li>
        ) : null}
        {event.format === "open-space" ? (
          <li>
            <Link to={paths.openSpaceProjector(event.id)}>The opening and the marketplace</Link>
          </li>
        ) : null}
        {boards.map((board) => (
          <li key={board.id}>
            <Link
              to={paths.boardProjector(event.id, board.id)}
              data-testid="projector-menu-board"
              data-board-id={board.id}
            >
              Board: {board.title}
            </Link>
          </li>
        ))}
      </ul>
    </PageShell>
  );
}

function Loader({ session, view }: { session: EventSession; view: ProjectorView }) {
  const { state, reload } = useEventDetails(session.eventId, session.token);
  if (state.status === "loading") {
    return (
      <PageShell title="Loading the projector view">
        <p role="status">Opening…</p>
      </PageShell>
    );
  }
  if (state.status === "failed") {
    return (
      <PageShell title="Projector view">
        <ErrorMessage>{friendlyMessage(state.error)}</ErrorMessage>
        <button type="button" className="button" onClick={reload}>
          Try again
        </button>
      </PageShell>
    );
  }
  const { details } = state;
  return (
    <>
      {/* The room's screen shows broadcasts too, but a summon never moves it. */}
      <EventControls
        session={session}
        controlDocName={details.controlDocName}
        here={null}
        summonable={false}
      />
      <ProjectorScreen session={session} details={details} view={view} />
    </>
  );
}

function ProjectorScreen({
  session,
  details,
  view,
}: {
  session: EventSession;
  details: EventDetailsResponse;
  view: ProjectorView;
}) {
  switch (view) {
    case "menu":
      return <Menu details={details} />;
    case "join":
      return <JoinScreen session={session} details={details} />;
    case "timer":
      return <TimerScreen session={session} details={details} />;
    case "who":
      return <WhoScreen session={session} details={details} />;
  }
}

/**
 * `/e/:eventId/projector[/join|timer|who]`: views for the screen everyone in the room sees —
 * the join code, the café's timer, who is where — for any member of the event (a facilitator's
 * laptop on the projector, or a device that joined with "I'm only watching").
 */
export function ProjectorPage({ eventId, view }: { eventId: string; view: ProjectorView }) {
  const session = useMemo(() => loadSession(eventId), [eventId]);
  if (!session) return <NeedsJoin />;
  return <Loader session={session} view={view} />;
}

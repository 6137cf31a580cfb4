import { convenes, type OpenSpaceState, type Session } from "@tablecloth/open-space";
import { openSpaceSessionJoinPath } from "@tablecloth/protocol";
import { useMemo } from "react";
import { useAuthorizedImage } from "../cafe/useAuthorizedImage";
import { PageShell } from "../components/PageShell";
import { WithEventDetails } from "../components/WithEventDetails";
import { NeedsJoin } from "../pages/NeedsJoin";
import { Link } from "../router/Link";
import { paths } from "../router/matchRoute";
import { type EventSession, loadSession } from "../session";
import "../cafe/cafe.css";
import { cellName } from "./cellName";
import { openSpaceApi } from "./openSpaceApi";
import { useOpenSpaceDoc } from "./useOpenSpaceDoc";

function SessionCard({
  session,
  state,
  item,
  joinCode,
}: {
  session: EventSession;
  state: OpenSpaceState;
  item: Session;
  joinCode: string;
}) {
  // The same link the QR code holds (the server draws it from `openSpaceSessionJoinPath` too).
  const link = openSpaceSessionJoinPath(joinCode, session.eventId, item.id);
  const qr = useAuthorizedImage(
    openSpaceApi.sessionQrPath(session.eventId, item.id),
    session.token,
    "image/svg+xml",
  );
  return (
    <li className="table-card" data-testid="os-session-card" data-session-id={item.id}>
      <h2 className="table-card__name">{item.title}</h2>
      <p className="table-card__question">
        {cellName(state, item)} · convened by {item.conveners.map((c) => c.name).join(", ")}
      </p>
      {qr ? (
        <img
          className="table-card__qr"
          src={qr}
          width={220}
          height={220}
          alt={`QR code: join and go to the session ${item.title}`}
          data-testid="os-session-card-qr"
        />
      ) : (
        <p role="status">Drawing the QR code…</p>
      )}
      <p className="table-card__how">
        Scan to join and come to this session, or{" "}
        <a href={link} data-testid="os-session-card-link">
          open its link
        </a>{" "}
        (the event's code is <strong>{joinCode}</strong>).
      </p>
    </li>
  );
}

function Cards({
  session,
  controlDocName,
  title,
  joinCode,
}: {
  session: EventSession;
  controlDocName: string;
  title: string;
  joinCode: string;
}) {
  const os = useOpenSpaceDoc(controlDocName, session.token, session.participant);
  if (!os?.synced) return <p role="status">Opening the Open Space…</p>;
  const me = session.participant;
  // Facilitators print every session's card, conveners their own.
  const printable = Object.values(os.state.sessions).filter(
    (s) => me.role === "facilitator" || convenes(s, me.id),
  );
  return (
    <>
      <div className="table-cards__bar">
        <Link to={paths.openSpace(session.eventId)}>← Open Space: {title}</Link>
        <button type="button" className="button button--primary" onClick={() => window.print()}>
          Print the cards
        </button>
      </div>
      <h1 className="table-cards__title">Session cards</h1>
      {printable.length === 0 ? (
        <p>
          {me.role === "facilitator"
            ? "No sessions on the wall yet."
            : "You convene no session yet: post a topic on the wall first."}
        </p>
      ) : null}
      <ul className="table-cards">
        {printable.map((item) => (
          <SessionCard
            key={item.id}
            session={session}
            state={os.state}
            item={item}
            joinCode={joinCode}
          />
        ))}
      </ul>
    </>
  );
}

/**
 * `/e/:eventId/open-space/cards`: one printable card per session (its title, place and a QR code
 * that lets someone who has not joined yet join and come straight to that session), for the
 * facilitators (every session) and conveners (their own).
 */
export function SessionCardsPage({ eventId }: { eventId: string }) {
  const session = useMemo(() => loadSession(eventId), [eventId]);
  if (!session) return <NeedsJoin />;
  return (
    <PageShell title="Session cards">
      {session.participant.role === "observer" ? (
        <p>Conveners and facilitators print session cards.</p>
      ) : (
        <WithEventDetails session={session}>
          {({ event, controlDocName }) => (
            <Cards
              session={session}
              controlDocName={controlDocName}
              title={event.title}
              joinCode={event.joinCode}
            />
          )}
        </WithEventDetails>
      )}
    </PageShell>
  );
}

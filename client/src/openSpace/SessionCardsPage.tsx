import { convenes } from "@tablecloth/open-space";
import { openSpaceSessionJoinPath } from "@tablecloth/protocol";
import { useMemo } from "react";
import { PageShell } from "../components/PageShell";
import { QrCard, QrCardSheet } from "../components/QrCards";
import { WithEventDetails } from "../components/WithEventDetails";
import { NeedsJoin } from "../pages/NeedsJoin";
import { paths } from "../router/matchRoute";
import { type EventSession, loadSession } from "../session";
import { cellName } from "./cellName";
import { openSpaceApi } from "./openSpaceApi";
import { useOpenSpaceDoc } from "./useOpenSpaceDoc";

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
  const empty =
    me.role === "facilitator"
      ? "No sessions on the wall yet."
      : "You convene no session yet: post a topic on the wall first.";
  return (
    <QrCardSheet
      back={paths.openSpace(session.eventId)}
      backLabel={`← Open Space: ${title}`}
      heading="Session cards"
      empty={printable.length === 0 ? empty : null}
    >
      {printable.map((item) => (
        <QrCard
          key={item.id}
          token={session.token}
          qrPath={openSpaceApi.sessionQrPath(session.eventId, item.id)}
          // The same link the QR code holds (the server draws it from `openSpaceSessionJoinPath`).
          link={openSpaceSessionJoinPath(joinCode, session.eventId, item.id)}
          title={item.title}
          detail={`${cellName(os.state, item)} · convened by ${item.conveners.map((c) => c.name).join(", ")}`}
          goal="come to this session"
          qrAlt={`QR code: join and go to the session ${item.title}`}
          joinCode={joinCode}
          testId="os-session-card"
          data={{ "data-session-id": item.id }}
        />
      ))}
    </QrCardSheet>
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

import { tableJoinPath } from "@tablecloth/protocol";
import { useMemo } from "react";
import { PageShell } from "../components/PageShell";
import { QrCard, QrCardSheet } from "../components/QrCards";
import { WithEventDetails } from "../components/WithEventDetails";
import { NeedsJoin } from "../pages/NeedsJoin";
import { paths } from "../router/matchRoute";
import { type EventSession, loadSession } from "../session";
import { cafeApi } from "./cafeApi";
import { useCafeDoc } from "./useCafeDoc";

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
  const cafe = useCafeDoc(controlDocName, session.token, session.participant);
  if (!cafe?.synced) return <p role="status">Opening the café…</p>;
  const { tables } = cafe.state;
  return (
    <QrCardSheet
      back={paths.cafe(session.eventId)}
      backLabel={`← World Café: ${title}`}
      heading="Table cards"
      empty={tables.length === 0 ? "No tables yet: set up the café first." : null}
    >
      {tables.map((table) => (
        <QrCard
          key={table.id}
          token={session.token}
          qrPath={cafeApi.tableQrPath(session.eventId, table.id)}
          // The same link the QR code holds (the server draws it from `tableJoinPath` too).
          link={tableJoinPath(joinCode, session.eventId, table.id)}
          title={table.name}
          detail={table.question}
          goal="sit at this table"
          qrAlt={`QR code: join and sit at ${table.name}`}
          joinCode={joinCode}
          testId="table-card"
          data={{ "data-table-id": table.id }}
        />
      ))}
    </QrCardSheet>
  );
}

/**
 * `/e/:eventId/cafe/cards`: one printable card per table (its name, question and a QR code that
 * lets someone who has not joined yet join and sit at that table). Facilitators only.
 */
export function TableCardsPage({ eventId }: { eventId: string }) {
  const session = useMemo(() => loadSession(eventId), [eventId]);
  if (!session) return <NeedsJoin />;
  return (
    <PageShell title="Table cards">
      {session.participant.role === "facilitator" ? (
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
      ) : (
        <p>Only facilitators print table cards.</p>
      )}
    </PageShell>
  );
}

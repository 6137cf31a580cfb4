import type { CafeTable } from "@tablecloth/cafe";
import { tableJoinPath } from "@tablecloth/protocol";
import { useMemo } from "react";
import { PageShell } from "../components/PageShell";
import { WithEventDetails } from "../components/WithEventDetails";
import { NeedsJoin } from "../pages/NeedsJoin";
import { Link } from "../router/Link";
import { paths } from "../router/matchRoute";
import { type EventSession, loadSession } from "../session";
import "./cafe.css";
import { cafeApi } from "./cafeApi";
import { useAuthorizedImage } from "./useAuthorizedImage";
import { useCafeDoc } from "./useCafeDoc";

function TableCard({
  session,
  table,
  joinCode,
}: {
  session: EventSession;
  table: CafeTable;
  joinCode: string;
}) {
  // The same link the QR code holds (the server draws it from `tableJoinPath` too).
  const link = tableJoinPath(joinCode, session.eventId, table.id);
  const qr = useAuthorizedImage(
    cafeApi.tableQrPath(session.eventId, table.id),
    session.token,
    "image/svg+xml",
  );
  return (
    <li className="table-card" data-testid="table-card" data-table-id={table.id}>
      <h2 className="table-card__name">{table.name}</h2>
      {table.question ? <p className="table-card__question">{table.question}</p> : null}
      {qr ? (
        <img
          className="table-card__qr"
          src={qr}
          width={220}
          height={220}
          alt={`QR code: join and sit at ${table.name}`}
          data-testid="table-card-qr"
        />
      ) : (
        <p role="status">Drawing the QR code…</p>
      )}
      <p className="table-card__how">
        Scan to join and sit at this table, or{" "}
        <a href={link} data-testid="table-card-link">
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
  const cafe = useCafeDoc(controlDocName, session.token, session.participant);
  if (!cafe?.synced) return <p role="status">Opening the café…</p>;
  const { tables } = cafe.state;
  return (
    <>
      <div className="table-cards__bar">
        <Link to={paths.cafe(session.eventId)}>← World Café: {title}</Link>
        <button type="button" className="button button--primary" onClick={() => window.print()}>
          Print the cards
        </button>
      </div>
      <h1 className="table-cards__title">Table cards</h1>
      {tables.length === 0 ? <p>No tables yet: set up the café first.</p> : null}
      <ul className="table-cards">
        {tables.map((table) => (
          <TableCard key={table.id} session={session} table={table} joinCode={joinCode} />
        ))}
      </ul>
    </>
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

import { convenes, OPEN_SPACE_PHASES, type OpenSpacePhase } from "@tablecloth/open-space";
import { useEffect, useMemo, useRef, useState } from "react";
import { friendlyMessage } from "../api/ApiError";
import { TableCloth } from "../cafe/TableCloth";
import { ErrorMessage } from "../components/ErrorMessage";
import { PageShell } from "../components/PageShell";
import { WithEventDetails } from "../components/WithEventDetails";
import { NeedsJoin } from "../pages/NeedsJoin";
import { Link } from "../router/Link";
import { paths } from "../router/matchRoute";
import { type EventSession, loadSession } from "../session";
import { GridEditor } from "./GridEditor";
import { MarketplaceWall } from "./MarketplaceWall";
import { MySchedule } from "./MySchedule";
import { namesInDoc } from "./namesInDoc";
import { OpeningView } from "./OpeningView";
import { openSpaceApi } from "./openSpaceApi";
import { ProceedingsView } from "./ProceedingsView";
import { SessionRoom } from "./SessionRoom";
import { useOpenSpaceDoc } from "./useOpenSpaceDoc";
import { WhoIsWhereView } from "./WhoIsWhereView";
import "./openSpace.css";
import { EventControls } from "../controls/EventControls";

type Tab = "opening" | "wall" | "where" | "proceedings" | "closing";

const TABS: readonly { tab: Tab; label: string }[] = [
  { tab: "opening", label: "Opening" },
  { tab: "wall", label: "Marketplace" },
  { tab: "where", label: "Who is where" },
  { tab: "proceedings", label: "Proceedings" },
  { tab: "closing", label: "Closing circle" },
];

const PHASE_NAMES: Record<OpenSpacePhase, string> = {
  opening: "Opening circle",
  marketplace: "Marketplace",
  sessions: "Sessions",
  closing: "Closing circle",
};

function FacilitatorBar({ session }: { session: EventSession }) {
  const [error, setError] = useState<string | null>(null);
  const run = (call: Promise<unknown>) => {
    setError(null);
    call.catch((e: unknown) => setError(friendlyMessage(e)));
  };
  return (
    <div className="card os-facilitator" data-testid="os-facilitator">
      <div className="row">
        <span>Phase:</span>
        {OPEN_SPACE_PHASES.map((phase) => (
          <button
            key={phase}
            type="button"
            className="button button--small"
            onClick={() =>
              run(
                phase === "closing"
                  ? openSpaceApi.openClosing(session.eventId, session.token)
                  : openSpaceApi.phase(session.eventId, phase, session.token),
              )
            }
            data-testid={`os-phase-${phase}`}
          >
            {PHASE_NAMES[phase]}
          </button>
        ))}
        <button
          type="button"
          className="button button--small"
          onClick={() =>
            run(openSpaceApi.queue(session.eventId, { action: "next" }, session.token))
          }
          data-testid="os-next-announcement"
        >
          Next announcement
        </button>
        <Link to={paths.openSpaceProjector(session.eventId)} className="button button--small">
          Projector view
        </Link>
        <Link
          to={paths.openSpaceCards(session.eventId)}
          className="button button--small"
          data-testid="os-open-cards"
        >
          Session cards (QR)
        </Link>
      </div>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
    </div>
  );
}

function OpenSpace({
  session,
  controlDocName,
  title,
  purpose,
  projector,
}: {
  session: EventSession;
  controlDocName: string;
  title: string;
  purpose: string;
  projector: boolean;
}) {
  const os = useOpenSpaceDoc(controlDocName, session.token, session.participant);
  const [tab, setTab] = useState<Tab | null>(null);
  const [looking, setLooking] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const names = useMemo(() => (os ? namesInDoc(os.state) : new Map<string, string>()), [os]);
  // A session card's QR code lands here with `?session=`: go there once (the law of two feet),
  // then drop the query so a reload does not move the person back.
  const arrived = useRef(false);
  useEffect(() => {
    if (!os?.synced || arrived.current || projector) return;
    const wanted = new URLSearchParams(window.location.search).get("session");
    if (!wanted) return;
    arrived.current = true;
    window.history.replaceState(window.history.state, "", window.location.pathname);
    if (!Object.hasOwn(os.state.sessions, wanted)) {
      setError("That session is no longer on the wall: pick one below.");
      return;
    }
    setTab("wall");
    if (session.participant.role === "observer") {
      setLooking(wanted);
      return;
    }
    openSpaceApi
      .goTo(session.eventId, wanted, session.token)
      .catch((e: unknown) => setError(friendlyMessage(e)));
  }, [os, projector, session]);
  if (!os?.synced) {
    return (
      <PageShell title={title}>
        <p role="status">Opening the Open Space…</p>
      </PageShell>
    );
  }
  const { state } = os;
  const me = session.participant;
  if (projector) {
    return (
      <div className="os-projector" data-testid="os-projector">
        {state.phase === "opening" ? (
          <OpeningView title={title} purpose={purpose} projector />
        ) : (
          <MarketplaceWall
            session={{ ...session, participant: { ...me, role: "observer" } }}
            state={state}
            onOpen={() => {}}
          />
        )}
      </div>
    );
  }
  const current = me.role === "observer" ? looking : (state.whereabouts[me.id]?.sessionId ?? null);
  const shown: Tab =
    tab ?? (state.phase === "opening" ? "opening" : state.phase === "closing" ? "closing" : "wall");
  const open = (sessionId: string) => {
    setError(null);
    setTab("wall");
    if (me.role === "observer") {
      setLooking(sessionId);
      return;
    }
    openSpaceApi
      .goTo(session.eventId, sessionId, session.token)
      .catch((e: unknown) => setError(friendlyMessage(e)));
  };
  return (
    <PageShell title={title}>
      <p>
        <Link to={paths.event(session.eventId)}>← {title}</Link>
      </p>
      <h1 data-testid="os-title">Open Space: {title}</h1>
      <p className="lead" data-testid="os-phase">
        Now: {PHASE_NAMES[state.phase]} · you are <strong>{me.name}</strong>
      </p>
      {me.role === "facilitator" ? <FacilitatorBar session={session} /> : null}
      <nav className="row os-tabs" aria-label="Open Space">
        {TABS.map((t) => (
          <button
            key={t.tab}
            type="button"
            className={`button button--small${shown === t.tab ? " button--primary" : ""}`}
            aria-pressed={shown === t.tab}
            onClick={() => setTab(t.tab)}
            data-testid={`os-tab-${t.tab}`}
          >
            {t.label}
          </button>
        ))}
      </nav>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      {me.role === "participant" &&
      Object.values(state.sessions).some((s) => convenes(s, me.id)) ? (
        <p>
          <Link to={paths.openSpaceCards(session.eventId)} data-testid="os-my-cards">
            Print your session's card
          </Link>{" "}
          (a QR code that brings people to it)
        </p>
      ) : null}
      {shown === "opening" ? <OpeningView title={title} purpose={purpose} /> : null}
      {shown === "wall" ? (
        <div className="os-layout">
          <div className="os-layout__main">
            {current ? (
              <SessionRoom
                session={session}
                state={state}
                sessionId={current}
                names={names}
                controlDocName={controlDocName}
              />
            ) : null}
            <MarketplaceWall session={session} state={state} onOpen={open} />
          </div>
          <div className="os-layout__side stack">
            {me.role !== "observer" ? <MySchedule state={state} me={me.id} onOpen={open} /> : null}
            {me.role === "facilitator" ? <GridEditor session={session} state={state} /> : null}
          </div>
        </div>
      ) : null}
      {shown === "where" ? <WhoIsWhereView state={state} names={names} me={me.id} /> : null}
      {shown === "proceedings" ? (
        <ProceedingsView eventId={session.eventId} state={state} title={title} purpose={purpose} />
      ) : null}
      {shown === "closing" ? (
        <section
          className="card os-closing"
          aria-labelledby="os-closing-heading"
          data-testid="os-closing"
        >
          <h2 id="os-closing-heading">Closing circle</h2>
          <p>What will you take away? Add a word, a drawing or a commitment to the shared board.</p>
          {state.closingBoard ? (
            <TableCloth
              key={state.closingBoard.docName}
              session={session}
              docName={state.closingBoard.docName}
            />
          ) : (
            <p>The facilitator opens the closing circle when the sessions are over.</p>
          )}
        </section>
      ) : null}
    </PageShell>
  );
}

function OpenSpaceLoader({ session, projector }: { session: EventSession; projector: boolean }) {
  return (
    <WithEventDetails
      session={session}
      frame={{
        title: "Open Space",
        loadingTitle: "Loading the Open Space",
        loading: "Opening the Open Space…",
      }}
    >
      {({ event, controlDocName }) => (
        <>
          <EventControls
            session={session}
            controlDocName={controlDocName}
            here={null}
            summonable={!projector}
          />
          <OpenSpace
            session={session}
            controlDocName={controlDocName}
            title={event.title}
            purpose={event.purpose}
            projector={projector}
          />
        </>
      )}
    </WithEventDetails>
  );
}

/**
 * `/e/:eventId/open-space` (and `/projector`): an Open Space event's opening, marketplace,
 * sessions, who-is-where, proceedings and closing circle, for facilitators, participants and
 * observers alike.
 */
export function OpenSpacePage({
  eventId,
  projector = false,
}: {
  eventId: string;
  projector?: boolean;
}) {
  const session = useMemo(() => loadSession(eventId), [eventId]);
  if (!session) return <NeedsJoin />;
  return <OpenSpaceLoader session={session} projector={projector} />;
}

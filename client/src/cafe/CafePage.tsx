import { distinguishNames } from "@tablecloth/cafe";
import { useMemo, useState } from "react";
import { PageShell } from "../components/PageShell";
import { WithEventDetails } from "../components/WithEventDetails";
import { NeedsJoin } from "../pages/NeedsJoin";
import { Link } from "../router/Link";
import { paths } from "../router/matchRoute";
import { type EventSession, loadSession } from "../session";
import "./cafe.css";
import { EventControls } from "../controls/EventControls";
import { Countdown } from "./Countdown";
import { FacilitatorCafe } from "./FacilitatorCafe";
import { HarvestView } from "./HarvestView";
import { ParticipantCafe } from "./ParticipantCafe";
import { useCafeDoc } from "./useCafeDoc";
import { useCafeNames } from "./useCafeNames";
import { useServerClock } from "./useServerClock";
import { WhoIsWhere } from "./WhoIsWhere";

const NO_NAMES: ReadonlyMap<string, string> = new Map();

function Cafe({
  session,
  controlDocName,
  title,
}: {
  session: EventSession;
  controlDocName: string;
  title: string;
}) {
  const cafe = useCafeDoc(controlDocName, session.token, session.participant);
  const offset = useServerClock();
  const [harvest, setHarvest] = useState(false);
  const ids = useMemo(() => (cafe ? Object.keys(cafe.state.seating) : []), [cafe]);
  const known = useCafeNames(session.eventId, session.token, ids, cafe?.names ?? NO_NAMES);
  // Two "Ana"s are told apart on every page, the same way (see distinguishNames).
  const names = useMemo(() => distinguishNames(known), [known]);
  if (!cafe?.synced) {
    return (
      <PageShell title={title}>
        <p role="status">Opening the café…</p>
      </PageShell>
    );
  }
  const { role } = session.participant;
  if (role === "facilitator") {
    if (harvest)
      return <HarvestView session={session} state={cafe.state} onBack={() => setHarvest(false)} />;
    return (
      <PageShell title={title}>
        <p>
          <Link to={paths.event(session.eventId)}>← {title}</Link>
        </p>
        <h1 data-testid="cafe-title">World Café: {title}</h1>
        <FacilitatorCafe
          session={session}
          state={cafe.state}
          atRoundEnd={cafe.atRoundEnd}
          offset={offset}
          names={names}
          onHarvest={() => setHarvest(true)}
        />
      </PageShell>
    );
  }
  if (role === "observer") {
    // Observers (a projector, a late reader) watch the round and the room; they sit nowhere.
    return (
      <PageShell title={title}>
        <h1 data-testid="cafe-title">World Café: {title}</h1>
        <Countdown round={cafe.state.round} offset={offset} atRoundEnd={cafe.atRoundEnd} />
        <WhoIsWhere state={cafe.state} names={names} me={session.participant.id} />
      </PageShell>
    );
  }
  return (
    <ParticipantCafe
      session={session}
      state={cafe.state}
      atRoundEnd={cafe.atRoundEnd}
      offset={offset}
      names={names}
      controlDocName={controlDocName}
    />
  );
}

function CafeLoader({ session }: { session: EventSession }) {
  return (
    <WithEventDetails
      session={session}
      frame={{ title: "Café", loadingTitle: "Loading the café", loading: "Opening the café…" }}
    >
      {({ event, controlDocName }) => (
        <>
          <EventControls session={session} controlDocName={controlDocName} here={null} />
          <Cafe session={session} controlDocName={controlDocName} title={event.title} />
        </>
      )}
    </WithEventDetails>
  );
}

/** `/e/:eventId/cafe`: the World Café of an event, for facilitators and participants alike. */
export function CafePage({ eventId }: { eventId: string }) {
  const session = useMemo(() => loadSession(eventId), [eventId]);
  if (!session) return <NeedsJoin />;
  return <CafeLoader session={session} />;
}

import type { CafeState, ClockOffset, RoundEndChoice } from "@tablecloth/cafe";
import { useState } from "react";
import { friendlyMessage } from "../api/ApiError";
import { ErrorMessage } from "../components/ErrorMessage";
import { Link } from "../router/Link";
import { paths } from "../router/matchRoute";
import type { EventSession } from "../session";
import { PeopleEditor } from "./PeopleEditor";
import { RotationControls } from "./RotationControls";
import { RoundControls } from "./RoundControls";
import { SetupForm } from "./SetupForm";
import { TablesEditor } from "./TablesEditor";
import { WhoIsWhere } from "./WhoIsWhere";

/**
 * The facilitator's café: set-up, tables and hosts, the round clock, rotation with a preview that
 * can be edited by hand, free movement, and the who-is-where map with empty and crowded tables.
 */
export function FacilitatorCafe({
  session,
  state,
  atRoundEnd,
  offset,
  names,
  onHarvest,
}: {
  session: EventSession;
  state: CafeState;
  atRoundEnd: RoundEndChoice;
  offset: ClockOffset | null;
  names: ReadonlyMap<string, string>;
  onHarvest: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const onError = (e: unknown) => setError(friendlyMessage(e));
  return (
    <div className="cafe-admin" data-testid="cafe-facilitator">
      {error ? (
        <div className="row">
          <ErrorMessage>{error}</ErrorMessage>
          <button type="button" className="button button--quiet" onClick={() => setError(null)}>
            Dismiss
          </button>
        </div>
      ) : null}
      <div className="columns">
        <div className="stack">
          <RoundControls
            session={session}
            state={state}
            atRoundEnd={atRoundEnd}
            offset={offset}
            onError={onError}
          />
          <RotationControls session={session} state={state} names={names} onError={onError} />
          <section className="card" aria-labelledby="map-heading">
            <h2 id="map-heading">Who is where</h2>
            <WhoIsWhere state={state} names={names} me={session.participant.id} />
          </section>
        </div>
        <div className="stack">
          <button
            type="button"
            className="button button--primary"
            onClick={onHarvest}
            data-testid="cafe-open-harvest"
          >
            Open the harvest
          </button>
          <Link
            to={paths.cafeCards(session.eventId)}
            className="button"
            data-testid="cafe-open-cards"
          >
            Print table cards (a QR code per table)
          </Link>
          <SetupForm session={session} state={state} onError={onError} />
          <TablesEditor session={session} state={state} names={names} onError={onError} />
          <PeopleEditor session={session} state={state} names={names} onError={onError} />
        </div>
      </div>
    </div>
  );
}

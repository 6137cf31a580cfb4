import { type CafeState, canStartAnotherRound, nextRoundNumber } from "@tablecloth/cafe";
import type { CafePlan } from "@tablecloth/protocol";
import { useState } from "react";
import type { EventSession } from "../session";
import { cafeApi } from "./cafeApi";
import { type ManualMove, RotationPreview } from "./RotationPreview";

/** Plan a rotation (or the first seating), adjust it by hand in the preview, apply it. */
export function RotationControls({
  session,
  state,
  names,
  onError,
}: {
  session: EventSession;
  state: CafeState;
  names: ReadonlyMap<string, string>;
  onError: (e: unknown) => void;
}) {
  const [plan, setPlan] = useState<CafePlan | null>(null);
  const [moves, setMoves] = useState<ManualMove[]>([]);
  const [busy, setBusy] = useState(false);
  const anyoneSeated = Object.values(state.seating).some((s) => s.tableId !== null);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (error) {
      onError(error);
    } finally {
      setBusy(false);
    }
  };
  const propose = (nextMoves: ManualMove[], seed?: number) =>
    run(async () => {
      const answer = await cafeApi.plan(
        session.eventId,
        { moves: nextMoves, ...(seed === undefined ? {} : { seed }) },
        session.token,
      );
      setPlan(answer.plan);
      setMoves(nextMoves);
    });
  const apply = (startRound: boolean) =>
    run(async () => {
      if (!plan) return;
      await cafeApi.apply(session.eventId, plan, startRound, session.token);
      setPlan(null);
      setMoves([]);
    });
  const nextRound = nextRoundNumber(state.round);
  // After the last round a plan can still seat people (for the harvest), but starts no round.
  const another = canStartAnotherRound(state.round, state.settings.roundCount);
  return (
    <section className="card" aria-labelledby="rotation-heading">
      <h2 id="rotation-heading">{anyoneSeated ? "Rotation" : "Seating"}</h2>
      <p>Hosts stay; everyone else travels to a different table, meeting new people.</p>
      <div className="row">
        <button
          type="button"
          className="button"
          disabled={busy || state.tables.length === 0}
          onClick={() => propose([])}
          data-testid="cafe-plan-rotation"
        >
          {anyoneSeated ? "Plan the next rotation" : "Plan seating for everyone"}
        </button>
        {plan ? (
          <>
            {another ? (
              <button
                type="button"
                className="button button--primary"
                disabled={busy}
                onClick={() => apply(true)}
                data-testid="cafe-apply-rotation"
              >
                Apply and start round {nextRound}
              </button>
            ) : null}
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => apply(false)}
              data-testid="cafe-apply-seating"
            >
              Apply without starting a round
            </button>
            <button
              type="button"
              className="button button--quiet"
              disabled={busy}
              onClick={() => setPlan(null)}
            >
              Discard
            </button>
          </>
        ) : null}
      </div>
      {plan ? (
        <RotationPreview
          plan={plan}
          state={state}
          names={names}
          busy={busy}
          onMove={(m) => propose([...moves, m], plan.seed)}
        />
      ) : null}
    </section>
  );
}

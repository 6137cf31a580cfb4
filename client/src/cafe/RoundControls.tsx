import {
  type CafeState,
  type ClockOffset,
  canStartAnotherRound,
  type RoundEndChoice,
  type RoundPhase,
} from "@tablecloth/cafe";
import type { CafeRoundAction } from "@tablecloth/protocol";
import type { EventSession } from "../session";
import { Countdown } from "./Countdown";
import { cafeApi } from "./cafeApi";

const MINUTE = 60_000;

/** The round buttons, in the order they show, and the phases each one is offered in. */
const ROUND_BUTTONS: readonly {
  action: CafeRoundAction;
  label: string | ((round: CafeState["round"]) => string);
  phases: readonly RoundPhase[];
  primary?: boolean;
  extendMs?: number;
}[] = [
  {
    action: "start",
    label: (round) => `Start round ${round.phase === "ended" ? round.round + 1 : 1}`,
    phases: ["not-started", "ended"],
    primary: true,
  },
  { action: "pause", label: "Pause", phases: ["running"] },
  { action: "resume", label: "Resume", phases: ["paused"] },
  { action: "extend", label: "+1 minute", phases: ["running", "paused"], extendMs: MINUTE },
  { action: "end", label: "End round", phases: ["running", "paused"] },
];

/** The round clock's buttons, what happens at 0:00, and the free-movement switch. */
export function RoundControls({
  session,
  state,
  atRoundEnd,
  offset,
  onError,
}: {
  session: EventSession;
  state: CafeState;
  atRoundEnd: RoundEndChoice;
  offset: ClockOffset | null;
  onError: (e: unknown) => void;
}) {
  const round = (action: CafeRoundAction, extendMs?: number) =>
    cafeApi
      .round(session.eventId, { action, ...(extendMs ? { extendMs } : {}) }, session.token)
      .catch(onError);
  const { phase } = state.round;
  const { roundCount } = state.settings;
  // "Rounds: 3" means three: no "Start round 4" (the server refuses it too).
  const another = canStartAnotherRound(state.round, roundCount);
  return (
    <section className="card" aria-labelledby="round-heading">
      <h2 id="round-heading">Rounds</h2>
      <Countdown round={state.round} offset={offset} atRoundEnd={atRoundEnd} />
      <div className="row">
        {ROUND_BUTTONS.filter(
          (button) => button.phases.includes(phase) && (button.action !== "start" || another),
        ).map((button) => (
          <button
            key={button.action}
            type="button"
            className={button.primary ? "button button--primary" : "button"}
            onClick={() => round(button.action, button.extendMs)}
            data-testid={`cafe-round-${button.action}`}
          >
            {typeof button.label === "string" ? button.label : button.label(state.round)}
          </button>
        ))}
      </div>
      {phase === "ended" && !another ? (
        <p role="status" data-testid="cafe-rounds-done">
          {roundCount === 1 ? "The café's one round is done" : `All ${roundCount} rounds are done`}:
          time for the harvest. (To hold another round, raise the number of rounds in the set-up.)
        </p>
      ) : (
        <p data-testid="cafe-round-count">
          {roundCount} {roundCount === 1 ? "round" : "rounds"} in all
        </p>
      )}
      <label className="field">
        <span>When the timer reaches 0:00</span>
        <select
          value={atRoundEnd}
          onChange={(e) =>
            cafeApi
              .roundEnd(
                session.eventId,
                e.target.value === "rotate" ? "rotate" : "prompt",
                session.token,
              )
              .catch(onError)
          }
          data-testid="cafe-round-end-choice"
        >
          <option value="prompt">Prompt people; I rotate</option>
          <option value="rotate">Rotate and start the next round</option>
        </select>
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={state.settings.freeMovement}
          onChange={(e) =>
            cafeApi.movement(session.eventId, e.target.checked, session.token).catch(onError)
          }
          data-testid="cafe-free-movement"
        />{" "}
        People may move between tables themselves
      </label>
    </section>
  );
}

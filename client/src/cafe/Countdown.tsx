import {
  type ClockOffset,
  isInWarningWindow,
  type RoundEndChoice,
  type RoundState,
  remainingMs,
  toServerTime,
} from "@tablecloth/cafe";
import { useTicker } from "./useServerClock";

/** How often the countdown redraws. */
const TICK_MS = 250;

function clock(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, "0")}`;
}

/**
 * The round's countdown, counted from server time (the browser's clock corrected by the measured
 * offset), so every page in the café shows the same time left; a gentle warning in the last minute.
 * At 0:00 it says what happens next, as the facilitator chose: the server moves everyone
 * (`rotate`), or people wait for the facilitator to rotate (`prompt`).
 */
export function Countdown({
  round,
  offset,
  atRoundEnd = "prompt",
}: {
  round: RoundState;
  offset: ClockOffset | null;
  atRoundEnd?: RoundEndChoice;
}) {
  const serverNow = toServerTime(useTicker(TICK_MS), offset);
  const left = remainingMs(round, serverNow);
  const warning = isInWarningWindow(round, serverNow);
  let label: string;
  switch (round.phase) {
    case "not-started":
      label = "The café has not started yet";
      break;
    case "running":
      label =
        left !== 0
          ? `Round ${round.round}`
          : atRoundEnd === "rotate"
            ? `Round ${round.round} is over — moving everyone to their next table…`
            : "Time to move on — your facilitator will rotate";
      break;
    case "paused":
      label = `Round ${round.round} is paused`;
      break;
    case "ended":
      label = `Round ${round.round} has ended`;
      break;
  }
  return (
    <div
      className={`countdown${warning ? " countdown--warning" : ""}`}
      data-testid="cafe-countdown"
      data-phase={round.phase}
      data-over={round.phase === "running" && left === 0 ? "true" : "false"}
      data-remaining-ms={left === null ? "" : String(Math.round(left))}
      role="timer"
      aria-live="off"
    >
      {/* The time itself stays quiet (it ticks); the round's phase is announced when it changes. */}
      <span className="countdown__label" aria-live="polite" data-testid="cafe-countdown-label">
        {label}
      </span>
      {left !== null && round.phase !== "ended" ? (
        <span className="countdown__time" data-testid="cafe-countdown-time">
          {clock(left)}
        </span>
      ) : null}
      {warning ? (
        <span className="countdown__warning" role="status" data-testid="cafe-warning">
          One minute left: start wrapping up.
        </span>
      ) : null}
    </div>
  );
}

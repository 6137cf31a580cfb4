import {
  type ClockOffset,
  isInWarningWindow,
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
 */
export function Countdown({ round, offset }: { round: RoundState; offset: ClockOffset | null }) {
  const serverNow = toServerTime(useTicker(TICK_MS), offset);
  const left = remainingMs(round, serverNow);
  const warning = isInWarningWindow(round, serverNow);
  let label: string;
  switch (round.phase) {
    case "not-started":
      label = "The café has not started yet";
      break;
    case "running":
      label = left === 0 ? `Round ${round.round} is over — time to move` : `Round ${round.round}`;
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

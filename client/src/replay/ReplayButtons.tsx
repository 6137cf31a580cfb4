import { StepButtons } from "./ReplayPathSteps";
import { REPLAY_SPEEDS, type ReplaySpeed } from "./useReplayKeys";

/** Previous/next change, play/pause, PATH step jumps (when given) and the speed. */
export function ReplayButtons({
  onStep,
  onStepBoundary,
  playing,
  onTogglePlay,
  speed,
  onSpeed,
}: {
  onStep: (direction: 1 | -1) => void;
  onStepBoundary: ((direction: 1 | -1) => void) | null;
  playing: boolean;
  onTogglePlay: () => void;
  speed: ReplaySpeed;
  onSpeed: (speed: ReplaySpeed) => void;
}) {
  return (
    <div className="replay__buttons">
      <button
        type="button"
        className="button"
        onClick={() => onStep(-1)}
        aria-keyshortcuts="ArrowLeft"
        data-testid="replay-prev"
      >
        ◀ Previous change
      </button>
      <button
        type="button"
        className="button button--primary"
        onClick={onTogglePlay}
        aria-keyshortcuts="Space"
        data-testid="replay-play"
        data-playing={String(playing)}
      >
        {playing ? "Pause" : "Play"}
      </button>
      <button
        type="button"
        className="button"
        onClick={() => onStep(1)}
        aria-keyshortcuts="ArrowRight"
        data-testid="replay-next"
      >
        Next change ▶
      </button>
      {onStepBoundary ? <StepButtons onStep={onStepBoundary} /> : null}
      <fieldset className="replay__speeds">
        <legend className="visually-hidden">Speed</legend>
        {REPLAY_SPEEDS.map((s, i) => (
          <label key={s} className="replay__speed">
            <input
              type="radio"
              name="replay-speed"
              checked={speed === s}
              onChange={() => onSpeed(s)}
              aria-keyshortcuts={String(i + 1)}
              data-testid={`replay-speed-${s}`}
            />
            {s}×
          </label>
        ))}
      </fieldset>
    </div>
  );
}

/** The keys the replay answers to, in words. */
export function ReplayKeysHelp({ pathSteps }: { pathSteps: boolean }) {
  return (
    <p className="replay__keys" data-testid="replay-keys">
      Keys: <kbd>Space</kbd> play/pause · <kbd>←</kbd> <kbd>→</kbd> previous/next change ·{" "}
      <kbd>Shift</kbd>+<kbd>←</kbd>/<kbd>→</kbd> 10 s back/forward · <kbd>Home</kbd> <kbd>End</kbd>{" "}
      start/end · <kbd>1</kbd>–<kbd>4</kbd> speed 1×/5×/20×/60×
      {pathSteps ? (
        <>
          {" "}
          · <kbd>PageUp</kbd> <kbd>PageDown</kbd> previous/next step
        </>
      ) : null}
    </p>
  );
}

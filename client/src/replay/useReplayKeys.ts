import { useEffect } from "react";

/** Playback speeds: one second of replay shows this many seconds of the session. */
export const REPLAY_SPEEDS = [1, 5, 20, 60] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

/** Shift+arrow jumps this far in time. */
const JUMP_MS = 10_000;

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLInputElement) return target.type !== "range";
  return target.isContentEditable;
}

/**
 * The replay's keys: Space plays or pauses, arrows step by change (with Shift, 10 s), PageUp and
 * PageDown by PATH step (when `stepBoundary` is given), Home and End, 1–4 the speed. Caught before
 * tldraw's own shortcuts (Space pans there), and never while typing in a field.
 */
export function useReplayKeys({
  togglePlay,
  seekTo,
  step,
  stepBoundary,
  t,
  span,
  setSpeed,
}: {
  togglePlay: () => void;
  seekTo: (at: number) => void;
  step: (direction: 1 | -1) => void;
  stepBoundary: ((direction: 1 | -1) => void) | null;
  t: number;
  span: { start: number; end: number };
  setSpeed: (speed: ReplaySpeed) => void;
}): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || isTextField(event.target)) return;
      const speedKey = ["1", "2", "3", "4"].indexOf(event.key);
      let handled = true;
      if (event.key === " ") togglePlay();
      else if (event.key === "ArrowRight" && event.shiftKey) seekTo(t + JUMP_MS);
      else if (event.key === "ArrowLeft" && event.shiftKey) seekTo(t - JUMP_MS);
      else if (event.key === "ArrowRight") step(1);
      else if (event.key === "ArrowLeft") step(-1);
      else if (event.key === "PageDown" && stepBoundary) stepBoundary(1);
      else if (event.key === "PageUp" && stepBoundary) stepBoundary(-1);
      else if (event.key === "Home") seekTo(span.start);
      else if (event.key === "End") seekTo(span.end);
      else if (speedKey >= 0) setSpeed(REPLAY_SPEEDS[speedKey] ?? REPLAY_SPEEDS[0]);
      else handled = false;
      if (handled) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    // Capture: tldraw's own shortcuts (space pans) must not see these.
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [togglePlay, seekTo, step, stepBoundary, t, span, setSpeed]);
}

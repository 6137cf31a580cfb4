import type * as Y from "yjs";
import { type AppliedSeating, applySeating } from "./applySeating";
import { isCafeError } from "./CafeError";
import { CAFE_KEYS, CAFE_MAPS, ROUND_STATE_KEY, type RoundSeating } from "./cafeDocLayout";
import { parseRoundState } from "./parseCafeValues";
import { planCafeRotation } from "./planCafeRotation";
import { NOT_STARTED, type RoundState, remainingMs } from "./RoundState";
import { readCafe } from "./readCafe";
import { canStartAnotherRound } from "./roundLimit";
import { applyRoundAction } from "./runRound";

/**
 * What happens when a round's countdown reaches 0, as the facilitator chose (`cafe.settings`
 * key `atRoundEnd`):
 * - `"rotate"`: the server applies the planned rotation (`planCafeRotation`) and starts the next
 *   round by itself, so everyone's page moves without anyone clicking; after the café's last
 *   round it only ends the round.
 * - `"prompt"` (the default): nothing moves; pages say it is time to move on and the facilitator
 *   rotates when the room is ready.
 */
export type RoundEndChoice = "rotate" | "prompt";

export const DEFAULT_ROUND_END: RoundEndChoice = "prompt";

export function isRoundEndChoice(value: unknown): value is RoundEndChoice {
  return value === "rotate" || value === "prompt";
}

/** The café's choice for a round's end; the default when unset or malformed. */
export function readRoundEnd(doc: Y.Doc): RoundEndChoice {
  const value = doc.getMap<unknown>(CAFE_MAPS.settings).get(CAFE_KEYS.atRoundEnd);
  return isRoundEndChoice(value) ? value : DEFAULT_ROUND_END;
}

/** Sets the café's choice for a round's end (written only when it changes). */
export function writeRoundEnd(doc: Y.Doc, choice: RoundEndChoice): void {
  const map = doc.getMap<unknown>(CAFE_MAPS.settings);
  if (map.get(CAFE_KEYS.atRoundEnd) !== choice) map.set(CAFE_KEYS.atRoundEnd, choice);
}

/**
 * The round state alone, without reading the rest of the café: a timer looking at many cafés
 * each second reads one key per café.
 */
export function readRoundState(doc: Y.Doc): RoundState {
  const raw = doc.getMap<unknown>(CAFE_MAPS.round).get(ROUND_STATE_KEY);
  return (raw === undefined ? null : parseRoundState(raw)) ?? NOT_STARTED;
}

/**
 * When the running round `round` runs out (server epoch ms), or `null` when that is not the
 * round running now (paused, ended, another round).
 */
export function roundEndsAt(state: RoundState, round: number): number | null {
  if (state.phase !== "running" || state.round !== round) return null;
  return state.startedAt + state.durationMs;
}

/** What `endRoundOnTime` did, and why. */
export type RoundEndOutcome =
  /** Nothing was due: the round is not running (any more), another one runs, or time is left. */
  | { readonly kind: "not-due"; readonly why: "not-running" | "other-round" | "time-left" }
  /** Gentle prompt: nothing written; pages say it is time to move on. */
  | { readonly kind: "prompt"; readonly round: number }
  /** Auto-rotate after the last round (or with nobody to rotate): the round was ended. */
  | { readonly kind: "ended"; readonly round: number; readonly why: "last-round" | "cannot-plan" }
  /** Auto-rotate: the planned rotation was applied and the next round started. */
  | { readonly kind: "rotated"; readonly round: number; readonly applied: AppliedSeating };

/** What `endRoundOnTime` needs besides the doc. */
export interface RoundEndOptions {
  /** The round whose countdown the caller saw run out: nothing happens unless it still runs. */
  readonly round: number;
  /** Server time (epoch ms). */
  readonly now: number;
  /** Past rounds from the rounds doc, for the planner (see `planCafeRotation`). */
  readonly recorded: readonly RoundSeating[];
  /** The planner's seed. */
  readonly seed: number;
}

/**
 * The server's step when round `round`'s countdown reaches 0. Run it inside the control doc's
 * serialised step (one `transact`): it reads the live doc and acts only if `round` is still the
 * round running and its time is up, so two timers (or two servers) that both saw the same round
 * end apply it once, and a facilitator who rotated, paused or extended first wins.
 *
 * With `"rotate"` it plans from the live seats (hosts stay, travellers move) and applies that
 * plan with the next round started, in one update (`applySeating`); after the café's last round,
 * or when no plan can be made (no tables), it ends the round instead. With `"prompt"` it writes
 * nothing.
 */
export function endRoundOnTime(doc: Y.Doc, options: RoundEndOptions): RoundEndOutcome {
  const state = readCafe(doc);
  const current = state.round;
  if (current.phase !== "running") return { kind: "not-due", why: "not-running" };
  if (current.round !== options.round) return { kind: "not-due", why: "other-round" };
  if ((remainingMs(current, options.now) ?? 0) > 0) return { kind: "not-due", why: "time-left" };
  if (readRoundEnd(doc) === "prompt") return { kind: "prompt", round: current.round };
  const end = (why: "last-round" | "cannot-plan"): RoundEndOutcome => {
    applyRoundAction(doc, "end", { now: options.now, extendMs: 0 });
    return { kind: "ended", round: current.round, why };
  };
  if (!canStartAnotherRound(current, state.settings.roundCount)) return end("last-round");
  let plan: ReturnType<typeof planCafeRotation>;
  try {
    plan = planCafeRotation(state, options.recorded, options.seed);
  } catch (error) {
    // A café the planner refuses (no tables, a host seated elsewhere by hand): the round still ends.
    if (isCafeError(error)) return end("cannot-plan");
    throw error;
  }
  const applied = applySeating(doc, plan, { startRound: true, now: options.now });
  return { kind: "rotated", round: current.round, applied };
}

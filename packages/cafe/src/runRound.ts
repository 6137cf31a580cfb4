import type { CafeRoundAction } from "@tablecloth/protocol";
import type * as Y from "yjs";
import {
  endRound,
  extendRound,
  pauseRound,
  type RoundState,
  resumeRound,
  startRound,
} from "./RoundState";
import { readCafe } from "./readCafe";
import { checkRoundWithinCount } from "./roundLimit";
import { recordRoundTransition } from "./roundTimeline";
import { writeRound } from "./writeCafe";

/**
 * Round transitions on the control doc: the pure transitions of `RoundState`, written together
 * with the round timeline (`roundTimeline.ts`) in one transaction, at server time `now`.
 */

/** What a round action needs besides the doc. */
export interface RoundActionOptions {
  /** Server time (epoch ms) of the action. */
  readonly now: number;
  /** "start": the round's length; the café's `roundLengthMs` when absent. */
  readonly durationMs?: number | undefined;
  /** "extend": how much to add (negative shortens). */
  readonly extendMs: number;
}

/**
 * Applies a facilitator's round action and returns the new state.
 *
 * @throws CafeError `invalid-transition` when the current state does not allow it (pause a round
 *   that is not running, start one while another runs); `rounds-over` to start a round beyond the
 *   café's round count; nothing is written then.
 */
export function applyRoundAction(
  doc: Y.Doc,
  action: CafeRoundAction,
  options: RoundActionOptions,
): RoundState {
  const state = readCafe(doc);
  const before = state.round;
  const { now } = options;
  let after: RoundState;
  switch (action) {
    case "start":
      checkRoundWithinCount(before, state.settings.roundCount);
      after = startRound(before, {
        durationMs: options.durationMs ?? state.settings.roundLengthMs,
        now,
      });
      break;
    case "pause":
      after = pauseRound(before, now);
      break;
    case "resume":
      after = resumeRound(before, now);
      break;
    case "extend":
      after = extendRound(before, options.extendMs, now);
      break;
    case "end":
      after = endRound(before);
      break;
  }
  doc.transact(() => {
    writeRound(doc, after);
    recordRoundTransition(doc, before, after, now);
  });
  return after;
}

/**
 * Ends the current round if it is running or paused, then starts the next one with the café's
 * round length: what applying a rotation does when it starts a round. Returns the started round.
 *
 * @throws CafeError `rounds-over` when the café has held all its rounds; nothing is written then.
 */
export function startNextRound(doc: Y.Doc, now: number): RoundState {
  const state = readCafe(doc);
  const current = state.round;
  checkRoundWithinCount(current, state.settings.roundCount);
  const ended =
    current.phase === "running" || current.phase === "paused" ? endRound(current) : null;
  const started = startRound(ended ?? current, {
    durationMs: state.settings.roundLengthMs,
    now,
  });
  // Computed before anything is written: a refused transition leaves the doc as it was.
  doc.transact(() => {
    if (ended !== null) recordRoundTransition(doc, current, ended, now);
    writeRound(doc, started);
    recordRoundTransition(doc, ended ?? current, started, now);
  });
  return started;
}

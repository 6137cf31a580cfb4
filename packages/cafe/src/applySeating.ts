import type * as Y from "yjs";
import { applyRotation } from "./applyRotation";
import { CafeError, CafeErrorCode } from "./CafeError";
import type { RoundSeating } from "./cafeDocLayout";
import type { Seating } from "./PairHistory";
import type { RoundQuestions } from "./pastRounds";
import { readCafe } from "./readCafe";
import { rotationInputFromCafe } from "./rotationInputFromCafe";
import type { RotationMove } from "./rotationTypes";
import { checkRoundWithinCount } from "./roundLimit";
import { questionsOfRound } from "./roundQuestions";
import { startNextRound } from "./runRound";
import { validateRotationInput } from "./validateRotationInput";

/** A seating a facilitator approved: the plan's `base` and the (maybe hand-edited) `seating`. */
export interface ApprovedSeating {
  readonly base: Seating;
  readonly seating: Seating;
}

/** What applying a seating did. */
export interface AppliedSeating {
  /** The seating that ended: record it with `recordPastRound` in the event's rounds doc. */
  readonly ended: RoundSeating;
  /**
   * Every table's question in the round that ended (`null` before round 1): record it with
   * `recordRoundQuestions` in the same rounds doc.
   */
  readonly endedQuestions: RoundQuestions | null;
  /** The round now current (0 before the first). */
  readonly round: number;
  /** How many people changed table. */
  readonly moved: number;
}

/**
 * Seats everyone as a facilitator approved (a plan of `planRotation`, perhaps edited by hand) in
 * one change, and with `startRound` ends the current round and starts the next. Hosts stay,
 * capacities and tables are checked again on the live doc, and a plan made from a seating that
 * has since changed is refused, so nothing half-applies.
 *
 * @throws CafeError `incomplete-seating` when someone of `base` has no entry in `seating`;
 *   `stale-plan` when someone of the seating is no longer in the café or moved since; the
 *   planner's input errors (`unknown-table`, `host-seated-elsewhere`, `no-tables`, …);
 *   `rounds-over` with `startRound` once the café has held all its rounds.
 */
export function applySeating(
  doc: Y.Doc,
  approved: ApprovedSeating,
  options: { readonly startRound: boolean; readonly now: number },
): AppliedSeating {
  const { base, seating } = approved;
  for (const id of Object.keys(base)) {
    if (!Object.hasOwn(seating, id)) {
      throw new CafeError(
        CafeErrorCode.IncompleteSeating,
        `seating.${id}: everyone of the plan needs a seat (or null)`,
        { participantId: id },
      );
    }
  }
  const state = readCafe(doc);
  for (const id of Object.keys(seating)) {
    if (!Object.hasOwn(state.seating, id)) {
      throw new CafeError(
        CafeErrorCode.StalePlan,
        `"${id}" is not in the café (any more): plan again.`,
        { participantId: id },
      );
    }
  }
  validateRotationInput(rotationInputFromCafe(state).tables, seating);
  // Checked before anything is written: a Yjs transaction cannot be rolled back halfway.
  if (options.startRound) checkRoundWithinCount(state.round, state.settings.roundCount);
  const moves: RotationMove[] = [];
  for (const id of Object.keys(seating).sort()) {
    const from = base[id] ?? state.seating[id]?.tableId ?? null;
    const to = seating[id] ?? null;
    if (from !== to) moves.push({ participantId: id, from, to });
  }
  // No pair statistics here: the plan showed them, and this answers only what it did (they cost
  // ~25 ms for 2,000 people, inside the rotation everyone waits for).
  return doc.transact(() => {
    const ended = applyRotation(doc, { base, seating, moves });
    const endedQuestions =
      ended.round >= 1
        ? { round: ended.round, questions: questionsOfRound(state, ended.round) }
        : null;
    const round = options.startRound ? startNextRound(doc, options.now) : state.round;
    return {
      ended,
      endedQuestions,
      round: round.phase === "not-started" ? 0 : round.round,
      moved: moves.length,
    };
  });
}

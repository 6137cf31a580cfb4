import { CafeError, CafeErrorCode } from "./CafeError";
import type { RoundState } from "./RoundState";

/**
 * The number the next round to start would have: 1 before the first, n + 1 once round n is in
 * progress or over (a rotation applied during round n ends it and starts n + 1).
 */
export function nextRoundNumber(round: RoundState): number {
  return round.phase === "not-started" ? 1 : round.round + 1;
}

/** True while the café may start another round: the next one is within its `roundCount`. */
export function canStartAnotherRound(round: RoundState, roundCount: number): boolean {
  return nextRoundNumber(round) <= roundCount;
}

/**
 * Refuses to start a round beyond the café's round count ("Rounds: 3" means three rounds, then
 * the harvest). A facilitator who wants a fourth raises the count in the set-up first.
 *
 * @throws CafeError `rounds-over` when round `roundCount` has already started.
 */
export function checkRoundWithinCount(round: RoundState, roundCount: number): void {
  const next = nextRoundNumber(round);
  if (next > roundCount) {
    throw new CafeError(
      CafeErrorCode.RoundsOver,
      `${roundCount === 1 ? "The one round has" : `All ${roundCount} rounds have`} been held: raise the number of rounds to start round ${next}.`,
    );
  }
}

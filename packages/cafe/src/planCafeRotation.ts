import { applyManualMove } from "./applyManualMove";
import type { CafeState, RoundSeating } from "./cafeDocLayout";
import { mergePastRounds } from "./pastRounds";
import { planRotation } from "./planRotation";
import { rotationInputFromCafe } from "./rotationInputFromCafe";
import type { RotationPlan } from "./rotationTypes";

/** A facilitator's hand edit of a preview: put this person at this table (`null`: no table). */
export interface HandMove {
  readonly participantId: string;
  readonly tableId: string | null;
}

/**
 * The rotation a facilitator previews: planned from the café's current seats and every past round
 * (`recorded` from the rounds doc, merged with the control doc's legacy `cafe.history`), with
 * their hand moves applied on top in order. Reads only: nothing is written.
 *
 * @throws CafeError the planner's input errors, or a hand move's (`host-cannot-move`,
 *   `table-full`, `unknown-table`, `unknown-participant`).
 */
export function planCafeRotation(
  state: CafeState,
  recorded: readonly RoundSeating[],
  seed: number,
  moves: readonly HandMove[] = [],
): RotationPlan {
  const past = mergePastRounds(recorded, state.history);
  let plan = planRotation(rotationInputFromCafe(state, seed, past));
  for (const move of moves) plan = applyManualMove(plan, move.participantId, move.tableId);
  return plan;
}

import type { CafeState, RoundSeating } from "./cafeDocLayout";
import type { Seating } from "./PairHistory";
import type { RotationInput, RotationTable } from "./rotationTypes";

/**
 * The planner's input from a café read with `readCafe`: current seats, tables, past rounds.
 * `pastRounds` are the rounds before the current one, normally
 * `mergePastRounds(readPastRounds(roundsDoc).rounds, state.history)`; without it only the
 * legacy `state.history` of an older control doc is used.
 */
export function rotationInputFromCafe(
  state: CafeState,
  seed?: number,
  pastRounds: readonly RoundSeating[] = state.history,
): RotationInput {
  const tables: RotationTable[] = state.tables.map((t) =>
    t.capacity === null
      ? { id: t.id, hostId: t.hostId }
      : { id: t.id, hostId: t.hostId, capacity: t.capacity },
  );
  const seating: Record<string, string | null> = {};
  for (const [participantId, seat] of Object.entries(state.seating)) {
    seating[participantId] = seat.tableId;
  }
  const history: Seating[] = pastRounds.map((h) => h.seating);
  return seed === undefined ? { tables, seating, history } : { tables, seating, history, seed };
}

import type * as Y from "yjs";
import { CafeError, CafeErrorCode } from "./CafeError";
import { CAFE_MAPS, ROUND_STATE_KEY } from "./cafeDocLayout";
import { parseRoundState, parseSeat } from "./parseCafeValues";
import type { RotationPlan } from "./rotationTypes";

/**
 * Applies a rotation plan to the control doc in one transaction (so every client sees one jump,
 * never a half-rotated room): records the seating that is ending in `cafe.history` under the
 * current round number (the first record of a round wins), then writes everyone's new table,
 * keeping each person's presence.
 *
 * @throws CafeError `stale-plan` when someone's table changed, someone left, or a table vanished
 *   since the plan was made: plan again from a fresh `readCafe`.
 */
export function applyRotation(doc: Y.Doc, plan: RotationPlan): void {
  const seatingMap = doc.getMap<unknown>(CAFE_MAPS.seating);
  const tablesMap = doc.getMap<unknown>(CAFE_MAPS.tables);
  for (const [participantId, tableId] of Object.entries(plan.base)) {
    const seat = parseSeat(seatingMap.get(participantId));
    if (seat === null || seat.tableId !== tableId) {
      throw new CafeError(
        CafeErrorCode.StalePlan,
        `"${participantId}" has moved or left since the plan was made`,
        { participantId },
      );
    }
  }
  for (const [participantId, tableId] of Object.entries(plan.seating)) {
    if (tableId !== null && !tablesMap.has(tableId)) {
      throw new CafeError(CafeErrorCode.StalePlan, `Table "${tableId}" no longer exists`, {
        tableId,
        participantId,
      });
    }
  }

  doc.transact(() => {
    const round = parseRoundState(doc.getMap<unknown>(CAFE_MAPS.round).get(ROUND_STATE_KEY));
    const roundNumber = round === null || round.phase === "not-started" ? 0 : round.round;
    const historyMap = doc.getMap<unknown>(CAFE_MAPS.history);
    const key = String(roundNumber);
    if (!historyMap.has(key)) {
      const ended: Record<string, string> = {};
      for (const [participantId, tableId] of Object.entries(plan.base)) {
        if (tableId !== null) ended[participantId] = tableId;
      }
      historyMap.set(key, { round: roundNumber, seating: ended });
    }

    for (const move of plan.moves) {
      const seat = parseSeat(seatingMap.get(move.participantId));
      seatingMap.set(move.participantId, {
        tableId: move.to,
        presence: seat?.presence ?? "in-room",
      });
    }
  });
}

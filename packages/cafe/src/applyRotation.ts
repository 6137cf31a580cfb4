import type * as Y from "yjs";
import { CafeError, CafeErrorCode } from "./CafeError";
import { CAFE_MAPS, ROUND_STATE_KEY, type RoundSeating } from "./cafeDocLayout";
import { isPresence, parseRoundState, parseStoredSeat } from "./parseCafeValues";
import type { RotationPlan } from "./rotationTypes";
import { assignTableSlots, readTableSlots, tableOfSeat } from "./tableSlots";

/**
 * Applies a rotation plan to the control doc in one transaction (so every client sees one jump,
 * never a half-rotated room): writes the new slot of everyone who moves, and nothing for hosts
 * and people who stay, nor their presence. Every participant's page receives this update, so it
 * is kept to a few bytes per move (≈ 13 for 2,000 people over 200 tables).
 *
 * Returns the seating that is ending (the plan's base, people with a table), under the current
 * round number: record it in the event's rounds doc with `recordPastRound` once this succeeded.
 * Past rounds are not written to the control doc any more (only the planner reads them).
 *
 * @throws CafeError `stale-plan` when someone's table changed, someone left, or a table vanished
 *   since the plan was made: plan again from a fresh `readCafe`. Nothing is written then.
 */
export function applyRotation(
  doc: Y.Doc,
  plan: Pick<RotationPlan, "base" | "seating" | "moves">,
): RoundSeating {
  const seatingMap = doc.getMap<unknown>(CAFE_MAPS.seating);
  const presenceMap = doc.getMap<unknown>(CAFE_MAPS.presence);
  const slots = readTableSlots(doc);
  for (const [participantId, tableId] of Object.entries(plan.base)) {
    const stored = parseStoredSeat(seatingMap.get(participantId));
    // A seat naming a table that is gone reads as unseated, as in `readCafe`.
    if (stored === null || (tableOfSeat(stored.at, slots) ?? null) !== tableId) {
      throw new CafeError(
        CafeErrorCode.StalePlan,
        `"${participantId}" has moved or left since the plan was made`,
        { participantId },
      );
    }
  }
  for (const [participantId, tableId] of Object.entries(plan.seating)) {
    if (tableId !== null && !slots.tableIds.has(tableId)) {
      throw new CafeError(CafeErrorCode.StalePlan, `Table "${tableId}" no longer exists`, {
        tableId,
        participantId,
      });
    }
  }

  const round = parseRoundState(doc.getMap<unknown>(CAFE_MAPS.round).get(ROUND_STATE_KEY));
  const roundNumber = round === null || round.phase === "not-started" ? 0 : round.round;
  const ended: Record<string, string> = {};
  for (const [participantId, tableId] of Object.entries(plan.base)) {
    if (tableId !== null) ended[participantId] = tableId;
  }

  doc.transact(() => {
    // A café from before slots gets them now (once); checked above that every table exists.
    const current = assignTableSlots(doc);
    for (const move of plan.moves) {
      const { participantId, to } = move;
      const value = to === null ? null : current.slotByTable.get(to);
      if (value === undefined) continue; // unreachable: every target table was checked above
      const before = parseStoredSeat(seatingMap.get(participantId));
      seatingMap.set(participantId, value);
      // The original object seat carried presence; keep it when the seat becomes compact.
      if (before?.presence && !isPresence(presenceMap.get(participantId))) {
        presenceMap.set(participantId, before.presence);
      }
    }
  });
  return { round: roundNumber, seating: ended };
}

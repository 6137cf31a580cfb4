import { CafeError, CafeErrorCode } from "./CafeError";
import { computeRotationStats } from "./computeRotationStats";
import type { RotationMove, RotationPlan } from "./rotationTypes";

/**
 * The facilitator dragged `participantId` to `toTableId` (or to "not seated", `null`) in the
 * preview: returns a new plan with the seat changed, moves and stats recomputed. The plan given
 * is not changed. Moving someone back to the table they came from is allowed (the facilitator
 * knows the room); it shows up in `stats.stayed`.
 *
 * @throws CafeError `unknown-participant`, `unknown-table`, `host-cannot-move` (change the
 *   table's host instead), or `table-full` when the table is at capacity.
 */
export function applyManualMove(
  plan: RotationPlan,
  participantId: string,
  toTableId: string | null,
): RotationPlan {
  if (!Object.hasOwn(plan.seating, participantId)) {
    throw new CafeError(
      CafeErrorCode.UnknownParticipant,
      `"${participantId}" is not in this plan`,
      { participantId },
    );
  }
  const current = plan.seating[participantId] ?? null;
  if (current === toTableId) return plan;
  const target = toTableId === null ? undefined : plan.tables.find((t) => t.id === toTableId);
  if (toTableId !== null && target === undefined) {
    throw new CafeError(CafeErrorCode.UnknownTable, `There is no table "${toTableId}"`, {
      tableId: toTableId,
      participantId,
    });
  }
  const hosted = plan.tables.find((t) => t.hostId === participantId);
  if (hosted !== undefined) {
    throw new CafeError(
      CafeErrorCode.HostCannotMove,
      `"${participantId}" hosts "${hosted.id}" and stays there; choose another host first`,
      { tableId: hosted.id, participantId },
    );
  }
  if (target?.capacity !== undefined) {
    let size = 0;
    for (const seat of Object.values(plan.seating)) if (seat === target.id) size++;
    if (size >= target.capacity) {
      throw new CafeError(
        CafeErrorCode.TableFull,
        `"${target.id}" already seats ${size} of ${target.capacity}`,
        { tableId: target.id, participantId },
      );
    }
  }
  const seating = { ...plan.seating, [participantId]: toTableId };
  const moves: RotationMove[] = [];
  for (const id of Object.keys(seating).sort()) {
    const from = plan.base[id] ?? null;
    const to = seating[id] ?? null;
    if (from !== to) moves.push({ participantId: id, from, to });
  }
  return {
    ...plan,
    seating,
    moves,
    stats: computeRotationStats(plan.tables, plan.base, seating, plan.pairs),
  };
}

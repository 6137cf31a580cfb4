import {
  type CafeTable,
  type QuestionSource,
  type RotationPlan,
  tableQuestion,
} from "@tablecloth/cafe";
import type { CafePlan, CafeTable as CafeTableView } from "@tablecloth/protocol";

/** A table of the café core as the API answers it, with the question it shows in `cafe`'s round. */
export function tableToApi(table: CafeTable, cafe: QuestionSource): CafeTableView {
  return {
    id: table.id,
    title: table.name,
    question: tableQuestion(cafe, table) ?? "",
    ownQuestion: table.question,
    hostId: table.hostId,
    capacity: table.capacity,
    docName: table.docName ?? "",
  };
}

/** A rotation plan of the café core as the API answers it (plain arrays, no internals). */
export function planToApi(plan: RotationPlan): CafePlan {
  const { stats } = plan;
  return {
    seed: plan.seed,
    base: plan.base,
    seating: plan.seating,
    moves: plan.moves.map((m) => ({ participantId: m.participantId, from: m.from, to: m.to })),
    stats: {
      repeatPairs: stats.repeatPairs,
      maxRepeat: stats.maxRepeat,
      maxSizeDiff: stats.maxSizeDiff,
      sizes: stats.sizes,
      stayed: [...stats.stayed],
      unseated: [...stats.unseated],
      hostlessTables: [...stats.hostlessTables],
      overCapacityTables: [...stats.overCapacityTables],
    },
  };
}

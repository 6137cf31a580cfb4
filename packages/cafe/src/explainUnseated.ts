import type { CafeTable } from "./cafeDocLayout";

/** Why a plan left people without a seat, in words for the facilitator, and what would help. */
export interface UnseatedExplanation {
  /** E.g. "The 2 tables seat 8 people and 10 are here." */
  readonly reason: string;
  /** E.g. "Add a table, or raise a table's capacity, then plan again." */
  readonly remedy: string;
}

/**
 * The planner leaves people unseated only when everyone together exceeds the tables' total
 * capacity (see `planRotation`): this says so with the numbers of this café. `present` counts
 * everyone the plan seats or leaves out. Null when nobody is left out.
 */
export function explainUnseated(
  tables: readonly Pick<CafeTable, "capacity">[],
  present: number,
  unseated: number,
): UnseatedExplanation | null {
  if (unseated <= 0) return null;
  const seats = tables.reduce((sum, t) => sum + (t.capacity ?? Number.POSITIVE_INFINITY), 0);
  const tablesText = tables.length === 1 ? "The table seats" : `The ${tables.length} tables seat`;
  const reason =
    tables.length === 0
      ? `There are no tables yet and ${present} people are here.`
      : Number.isFinite(seats)
        ? `${tablesText} ${seats} ${seats === 1 ? "person" : "people"} and ${present} are here.`
        : `${unseated} could not be seated.`;
  return {
    reason,
    remedy:
      tables.length === 0
        ? "Add tables, then plan again."
        : "Add a table, or raise a table's capacity, then plan again.",
  };
}

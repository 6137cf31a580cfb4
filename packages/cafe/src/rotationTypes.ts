import type { PairCounts, PairHistory, Seating } from "./PairHistory";

/** A table as the planner sees it. */
export interface RotationTable {
  readonly id: string;
  /** The person who stays at this table, or `null` for a table without a host. */
  readonly hostId: string | null;
  /** Most people the table seats, host included; absent means no limit. A positive integer. */
  readonly capacity?: number;
}

/** What a rotation is planned from. */
export interface RotationInput {
  readonly tables: readonly RotationTable[];
  /**
   * Everyone present now: participant → table, or `null` for a late arrival not yet seated.
   * Someone absent is simply not a key (so an absent host is a host who is not a key).
   */
  readonly seating: Seating;
  /**
   * Who sat together in earlier rounds, as per-round seatings or a ready `PairHistory`. The current
   * `seating` is always counted on top, so pass only the rounds before it.
   */
  readonly history?: PairHistory | readonly Seating[];
  /** Same seed, same input → same plan. Defaults to 1. */
  readonly seed?: number;
}

/** One person's change of seat. `from`/`to` are `null` for "not seated". */
export interface RotationMove {
  readonly participantId: string;
  readonly from: string | null;
  readonly to: string | null;
}

/** How good a seating is, for the facilitator's preview and for tests. */
export interface RotationStats {
  /** Pairs at the same table who have sat together before. */
  readonly repeatPairs: number;
  /** Sum over those pairs of how often they met before (a pair meeting a third time counts 2). */
  readonly repeatWeight: number;
  /** Most times any pair now seated together has met before (0 when nobody repeats). */
  readonly maxRepeat: number;
  /** Largest table size minus smallest, over all tables. */
  readonly maxSizeDiff: number;
  /** People per table. */
  readonly sizes: Readonly<Record<string, number>>;
  /** Travellers (not hosts) still at the table they sat at before: only when nothing else fits. */
  readonly stayed: readonly string[];
  /** People present who have no seat: only when everyone together exceeds the total capacity. */
  readonly unseated: readonly string[];
  /** Tables whose host is absent or that have none: someone there should take the host's role. */
  readonly hostlessTables: readonly string[];
  /** Tables holding more people than their capacity (only after hand edits of an old plan). */
  readonly overCapacityTables: readonly string[];
}

/** A proposed rotation: shown to the facilitator, edited by hand, then applied. */
export interface RotationPlan {
  readonly seed: number;
  readonly tables: readonly RotationTable[];
  /** The seating the plan was made from. */
  readonly base: Seating;
  /** The proposed seating: every key of `base`, each with its new table. */
  readonly seating: Seating;
  /** Everyone whose table changes, in participant-id order. */
  readonly moves: readonly RotationMove[];
  readonly stats: RotationStats;
  /** Pair counts the stats are measured against: the earlier rounds plus `base`. */
  readonly pairs: PairCounts;
}

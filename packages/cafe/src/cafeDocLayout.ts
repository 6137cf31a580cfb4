import type { RoundState } from "./RoundState";

/**
 * Names of the café's top-level `Y.Map`s in the event's control doc. Prefixed with `cafe.` so the
 * same control doc can carry other formats' state without collisions. Layout:
 *
 * - `cafe.settings`: `questions` (string[]), `roundCount` (number), `roundLengthMs` (number),
 *   `freeMovement` (boolean). Plain values, one key each, so two facilitators editing different
 *   settings both win.
 * - `cafe.tables`: table id → nested `Y.Map` with `name`, `question`, `hostId`, `boardId`,
 *   `docName`, `capacity` (each string/number or `null`) and `order` (number). A nested map per
 *   table so renaming a table and changing its host at the same time both survive.
 * - `cafe.seating`: participant id → `{tableId: string | null, presence: "in-room" | "remote"}`.
 *   One atomic value per person: a seat is always consistent.
 * - `cafe.round`: `state` → a `RoundState` object, replaced whole (a state machine must never mix
 *   fields of two states).
 * - `cafe.history`: round number (as a string) → `{round, seating: {participantId: tableId}}`, the
 *   seating of that round, written when a rotation leaves it. Keyed by round, not a `Y.Array`, so
 *   two facilitators applying the same rotation at once write one entry, not two.
 */
export const CAFE_MAPS = {
  settings: "cafe.settings",
  tables: "cafe.tables",
  seating: "cafe.seating",
  round: "cafe.round",
  history: "cafe.history",
} as const;

/** The key of the round state inside `cafe.round`. */
export const ROUND_STATE_KEY = "state";

/** Whether someone is physically at the venue or joins from afar. */
export type Presence = "in-room" | "remote";

export interface CafeSettings {
  /** The café's questions, in order; a table's own `question` may pick one or differ. */
  readonly questions: readonly string[];
  /** Planned number of rounds (usually 3). */
  readonly roundCount: number;
  /** Planned length of a round (usually 20–30 minutes). */
  readonly roundLengthMs: number;
  /** When true, people may change tables themselves; when false, only facilitators seat people. */
  readonly freeMovement: boolean;
}

/** Defaults for settings that are missing or malformed. */
export const DEFAULT_CAFE_SETTINGS: CafeSettings = {
  questions: [],
  roundCount: 3,
  roundLengthMs: 20 * 60_000,
  freeMovement: false,
};

export interface CafeTable {
  readonly id: string;
  readonly name: string;
  readonly question: string | null;
  readonly hostId: string | null;
  /** The table's tablecloth board, and the Yjs doc holding it (from the API). */
  readonly boardId: string | null;
  readonly docName: string | null;
  /** Most people at the table, host included; `null` for no limit. */
  readonly capacity: number | null;
}

/** Where one person is. */
export interface Seat {
  readonly tableId: string | null;
  readonly presence: Presence;
}

/** The seating of one past round (only the people who had a table). */
export interface RoundSeating {
  readonly round: number;
  readonly seating: Readonly<Record<string, string>>;
}

/** Everything the café keeps in the control doc, validated. */
export interface CafeState {
  readonly settings: CafeSettings;
  /** In display order. */
  readonly tables: readonly CafeTable[];
  readonly seating: Readonly<Record<string, Seat>>;
  readonly round: RoundState;
  /** Oldest round first. */
  readonly history: readonly RoundSeating[];
  /** What was malformed and skipped or replaced by a default, for logs; empty when all is well. */
  readonly problems: readonly string[];
}

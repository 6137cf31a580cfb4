import type { RoundState } from "./RoundState";

/**
 * Names of the café's top-level `Y.Map`s in the event's control doc. Prefixed with `cafe.` so the
 * same control doc can carry other formats' state without collisions. Every participant's page
 * is subscribed to the control doc, so each write here is sent to everyone: the layout keeps the
 * frequent writes (a rotation moves nearly everyone at once) small. Layout:
 *
 * - `cafe.settings`: `questions` (string[], one per round), `roundCount` (number), `roundLengthMs` (number),
 *   `freeMovement` (boolean), `atRoundEnd` (`"rotate" | "prompt"`, see `roundEnd.ts`; read with
 *   `readRoundEnd`, not part of `CafeSettings`), and `lastSlot` (number, the highest table slot ever given; see
 *   below). Plain values, one key each, so two facilitators editing different settings both win.
 * - `cafe.tables`: table id → nested `Y.Map` with `name`, `question`, `hostId`, `boardId`,
 *   `docName`, `capacity` (each string/number or `null`), `order` (number) and `slot` (a small
 *   positive integer). A nested map per table so renaming a table and changing its host at the
 *   same time both survive. `slot` names the table in `cafe.seating` in 2–3 bytes instead of its
 *   16-character id: it is unique within the café, given when the table is created (or, for a
 *   table from before slots, the next time the server writes the café) from `lastSlot + 1`, and
 *   never given again, so a seat left pointing at a deleted table's slot can never land at a
 *   newer table. Should two tables still claim one slot (two writers offline at once), the one
 *   with the lower `order`, then the lower id, keeps it; the next write gives the other a new one.
 * - `cafe.seating`: participant id → the table's `slot` (number), or `null` for someone in the
 *   café but not seated. Being a key here is what "in the café" means. A rotation rewrites only
 *   the entries of people who move (≈ 13 bytes each on the wire). Older values are still read:
 *   a table id (string), and the original `{tableId, presence}` object.
 * - `cafe.presence`: participant id → `"in-room" | "remote"`, written only when it changes, so a
 *   rotation never repeats it and saying "I'm here" never rewrites a seat. For a seat still in
 *   the original object form, an entry here wins over the object's `presence`.
 * - `cafe.names`: participant id → display name, written by the server with the person's first
 *   seat (and again only if it changed), so every page can name everyone in the café from the
 *   doc it already follows instead of fetching the participant list whenever someone sits down
 *   (N people arriving were N whole-list fetches on every page). A rotation never touches it.
 * - `cafe.round`: `state` → a `RoundState` object, replaced whole (a state machine must never mix
 *   fields of two states).
 * - `cafe.history` (legacy, no longer written): round number (as a string) → `{round, seating:
 *   {participantId: tableId}}`. Control docs from before the rounds doc carry it; it is still read.
 *
 * Past rounds now live in a separate, server-only doc per event (see `pastRounds.ts`): only the
 * planner needs them, and in the control doc every late joiner downloaded every past round.
 */
export const CAFE_MAPS = {
  settings: "cafe.settings",
  tables: "cafe.tables",
  seating: "cafe.seating",
  presence: "cafe.presence",
  names: "cafe.names",
  round: "cafe.round",
  history: "cafe.history",
} as const;

/** Keys inside the maps above that the café's own writers keep (not part of `CafeState`). */
export const CAFE_KEYS = {
  /** In `cafe.settings`: the highest slot ever given to a table (so none is given twice). */
  lastSlot: "lastSlot",
  /** In a table's nested map: the table's slot. */
  slot: "slot",
  /** In `cafe.settings`: what happens when a round's time is up (see `roundEnd.ts`). */
  atRoundEnd: "atRoundEnd",
} as const;

/** The key of the round state inside `cafe.round`. */
export const ROUND_STATE_KEY = "state";

/** Whether someone is physically at the venue or joins from afar. */
export type Presence = "in-room" | "remote";

export interface CafeSettings {
  /**
   * One question per round, in order (round 1 asks the first; past the last one, the last one goes
   * on); a table's own `question` overrides the round's (see `roundQuestions.ts`).
   */
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

/** The seating of one past round (only the people who had a table), by table id. */
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
  /**
   * Legacy: past rounds found in the control doc's `cafe.history` (written by versions before the
   * rounds doc), oldest first; empty for newer cafés. Past rounds are read with `readPastRounds`
   * from the event's rounds doc and combined with these by `mergePastRounds`.
   */
  readonly history: readonly RoundSeating[];
  /** What was malformed and skipped or replaced by a default, for logs; empty when all is well. */
  readonly problems: readonly string[];
}

import type * as Y from "yjs";
import { CafeError, CafeErrorCode } from "./CafeError";
import type { RoundSeating } from "./cafeDocLayout";
import { parseRoundSeating } from "./parseCafeValues";

/**
 * Past rounds live in their own Yjs doc per event (the server names it; clients cannot open it),
 * not in the control doc: only the rotation planner reads them, and in the control doc each
 * round's seating (≈ 76 KiB for 2,000 people) was sent to every participant and downloaded
 * again by everyone who joined later.
 *
 * Layout of that doc: one `Y.Map` named `CAFE_ROUNDS_MAP`, round number (as a string) →
 * `{round, seating: {participantId: tableId}}`, the seating of a round as it ended (only people
 * who had a table; table ids, not slots, so an entry stays meaningful after tables change).
 * Keyed by round, not a `Y.Array`, so two writers recording the same round write one entry.
 */
export const CAFE_ROUNDS_MAP = "cafe.rounds";

/**
 * In the same rounds doc: round number (as a string) → `{tableId: question}`, the question each
 * table had in that round as it ended (see `roundQuestions.ts`), so the proceedings can say which
 * question each round asked. Apart from `CAFE_ROUNDS_MAP` so a round's seating stays as it was.
 */
export const CAFE_ROUND_QUESTIONS_MAP = "cafe.roundQuestions";

/**
 * Records the seating of a round that ended. The first record of a round wins: a later one for
 * the same round number is ignored (returns false), as when a facilitator re-seats people
 * before starting the next round.
 *
 * @throws CafeError `invalid-value` for a malformed entry (nothing is written).
 */
export function recordPastRound(doc: Y.Doc, entry: RoundSeating): boolean {
  const clean = parseRoundSeating(entry);
  if (clean === null || Object.keys(clean.seating).length !== Object.keys(entry.seating).length) {
    throw new CafeError(CafeErrorCode.InvalidValue, `malformed seating of round ${entry.round}`);
  }
  const map = doc.getMap<unknown>(CAFE_ROUNDS_MAP);
  const key = String(clean.round);
  if (map.has(key)) return false;
  map.set(key, { round: clean.round, seating: { ...clean.seating } });
  return true;
}

/** The past rounds of a rounds doc, oldest first; malformed entries are skipped and listed. */
export function readPastRounds(doc: Y.Doc): {
  readonly rounds: readonly RoundSeating[];
  readonly problems: readonly string[];
} {
  const rounds: RoundSeating[] = [];
  const problems: string[] = [];
  doc.getMap<unknown>(CAFE_ROUNDS_MAP).forEach((value, key) => {
    const entry = parseRoundSeating(value);
    if (entry === null || String(entry.round) !== key) {
      problems.push(`past round "${key}": malformed, skipped`);
    } else rounds.push(entry);
  });
  rounds.sort((a, b) => a.round - b.round);
  return { rounds, problems };
}

/**
 * Past rounds from the rounds doc and from an older control doc's `cafe.history`
 * (`CafeState.history`), one per round, oldest first. When both have a round the legacy entry
 * wins: it was necessarily written first (nothing writes `cafe.history` any more), and the first
 * record of a round is the one that counts.
 */
export function mergePastRounds(
  rounds: readonly RoundSeating[],
  legacy: readonly RoundSeating[],
): RoundSeating[] {
  const byRound = new Map<number, RoundSeating>();
  for (const entry of legacy) if (!byRound.has(entry.round)) byRound.set(entry.round, entry);
  for (const entry of rounds) if (!byRound.has(entry.round)) byRound.set(entry.round, entry);
  return [...byRound.values()].sort((a, b) => a.round - b.round);
}

/** Every table's question in one round: table id → question. */
export interface RoundQuestions {
  readonly round: number;
  readonly questions: Readonly<Record<string, string>>;
}

/**
 * Records the questions a round had as it ended; the first record of a round wins (returns false
 * for a later one), as for its seating.
 *
 * @throws CafeError `invalid-value` for a round that is not a whole number of at least 1, or a
 *   question that is not text (nothing is written).
 */
export function recordRoundQuestions(doc: Y.Doc, entry: RoundQuestions): boolean {
  const { round, questions } = entry;
  if (!Number.isInteger(round) || round < 1) {
    throw new CafeError(CafeErrorCode.InvalidValue, `round ${round} is not a round number`);
  }
  for (const [tableId, question] of Object.entries(questions)) {
    if (typeof question !== "string") {
      throw new CafeError(
        CafeErrorCode.InvalidValue,
        `question of table "${tableId}" is not text`,
        {
          tableId,
        },
      );
    }
  }
  const map = doc.getMap<unknown>(CAFE_ROUND_QUESTIONS_MAP);
  const key = String(round);
  if (map.has(key)) return false;
  map.set(key, { ...questions });
  return true;
}

/** The recorded questions of every round, by round number; malformed entries are skipped. */
export function readRoundQuestions(doc: Y.Doc): Map<number, Readonly<Record<string, string>>> {
  const rounds = new Map<number, Readonly<Record<string, string>>>();
  doc.getMap<unknown>(CAFE_ROUND_QUESTIONS_MAP).forEach((value, key) => {
    const round = Number(key);
    if (!Number.isInteger(round) || round < 1) return;
    if (typeof value !== "object" || value === null || Array.isArray(value)) return;
    const questions: Record<string, string> = {};
    for (const [tableId, question] of Object.entries(value)) {
      if (typeof question === "string") questions[tableId] = question;
    }
    rounds.set(round, questions);
  });
  return rounds;
}

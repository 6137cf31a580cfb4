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
 * `{round, seating: {participantId: tableId}, questions?: {tableId: question}}`, the seating of a
 * round as it ended and each table's question in it (only people who had a table; table ids, not slots, so an entry stays meaningful after tables change).
 * Keyed by round, not a `Y.Array`, so two writers recording the same round write one entry.
 */
export const CAFE_ROUNDS_MAP = "cafe.rounds";

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
  map.set(
    key,
    clean.questions === undefined
      ? { round: clean.round, seating: { ...clean.seating } }
      : { round: clean.round, seating: { ...clean.seating }, questions: { ...clean.questions } },
  );
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

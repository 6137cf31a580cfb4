import type { CafeSettings, CafeTable } from "./cafeDocLayout";
import type { RoundState } from "./RoundState";

/**
 * Questions by round. `cafe.settings.questions` holds one question per round, in order (round 1
 * asks the first); a café with fewer questions than rounds keeps asking its last one, so a café
 * with a single question asks it every round. A table's own `question` overrides the round's for
 * that table, in every round, until the facilitator clears it. Nothing here is stored: which
 * question a table shows follows from the round number, so at each round's start every page
 * shows the new one without a write per table.
 */

/** What the questions depend on: the café's questions and its round (a `CafeState` will do). */
export interface QuestionSource {
  readonly settings: Pick<CafeSettings, "questions">;
  readonly round: RoundState;
}

/** The question of round `round` (1-based) from the café's settings; `null` when it has none. */
export function roundQuestion(
  settings: Pick<CafeSettings, "questions">,
  round: number,
): string | null {
  const { questions } = settings;
  if (questions.length === 0) return null;
  const index = Math.min(Math.max(1, Math.floor(round)), questions.length) - 1;
  return questions[index] ?? null;
}

/**
 * The round whose question the café shows now: the current round (also once it ended, until the
 * next starts), round 1 before the café started.
 */
export function questionRound(round: RoundState): number {
  return round.phase === "not-started" ? 1 : round.round;
}

/**
 * The question `table` shows in `round` (the current round when absent): its own when it has one,
 * else the round's.
 */
export function tableQuestion(
  state: QuestionSource,
  table: Pick<CafeTable, "question">,
  round: number = questionRound(state.round),
): string | null {
  if (table.question !== null && table.question !== "") return table.question;
  return roundQuestion(state.settings, round);
}

/** Every table's question in `round`: table id → question (tables without one are left out). */
export function questionsOfRound(
  state: QuestionSource & { readonly tables: readonly Pick<CafeTable, "id" | "question">[] },
  round: number,
): Record<string, string> {
  const questions: Record<string, string> = {};
  for (const table of state.tables) {
    const question = tableQuestion(state, table, round);
    if (question !== null) questions[table.id] = question;
  }
  return questions;
}

/**
 * Which question every table had in each round the café has started, oldest first: as recorded
 * when the round ended (`recordRoundQuestions`) when it was, else as the settings and the tables'
 * own questions say now (the current round, and rounds that ended before questions were kept).
 * For the proceedings.
 */
export function questionsByRound(
  state: QuestionSource & { readonly tables: readonly Pick<CafeTable, "id" | "question">[] },
  recorded: ReadonlyMap<number, Readonly<Record<string, string>>>,
): { round: number; questions: Readonly<Record<string, string>> }[] {
  const last = state.round.phase === "not-started" ? 0 : state.round.round;
  const rounds: { round: number; questions: Readonly<Record<string, string>> }[] = [];
  for (let round = 1; round <= last; round++) {
    rounds.push({ round, questions: recorded.get(round) ?? questionsOfRound(state, round) });
  }
  return rounds;
}

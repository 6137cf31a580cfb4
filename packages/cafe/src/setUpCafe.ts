import type * as Y from "yjs";
import type { CafeSettings } from "./cafeDocLayout";
import { assignTableSlots } from "./tableSlots";
import { writeSettings } from "./writeCafe";

/**
 * A facilitator's set-up: the settings, and "make N tables for M people". Making a table's board
 * is the server's part; which tables to make is decided here.
 */

/**
 * Writes the café's settings. Tables of a café from before slots get theirs now, so their seats
 * turn compact on the next write.
 */
export function setUpCafe(
  doc: Y.Doc,
  settings: Pick<CafeSettings, "questions" | "roundCount" | "roundLengthMs">,
): void {
  doc.transact(() => {
    assignTableSlots(doc);
    writeSettings(doc, settings);
  });
}

/** One table that "make N tables for M people" still has to make. */
export interface TableToMake {
  readonly title: string;
  /** The café's questions in turn; `null` when the café has none. */
  readonly question: string | null;
  /** Each table seats ⌈M / N⌉, so M people fit. */
  readonly capacity: number;
}

/**
 * The tables to add so a café with `existing` tables has `count` for `people` people: none when
 * it has enough already (asking twice makes no more), numbered after the ones it has.
 */
export function tablesToMake(
  existing: number,
  target: { readonly count: number; readonly people: number },
  questions: readonly string[],
): TableToMake[] {
  const capacity = Math.ceil(target.people / target.count);
  const tables: TableToMake[] = [];
  for (let i = existing; i < target.count; i++) {
    const question = questions.length === 0 ? null : (questions[i % questions.length] ?? null);
    tables.push({ title: `Table ${i + 1}`, question, capacity });
  }
  return tables;
}

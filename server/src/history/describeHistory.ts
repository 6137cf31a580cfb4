import type { BoardHistoryEntry, RoundSpan } from "@tablecloth/protocol";
import type { HistoryEntry } from "@tablecloth/storage";

/** The author every change shows in anonymous mode (replay, `history.jsonl`). */
export const ANONYMOUS_AUTHOR = "anonymous";

/** The name shown for changes the server made itself (migrations, restores have a person). */
export const SYSTEM_AUTHOR_NAME = "Tablecloth";

/** The café round a change stored at `at` belongs to: the one whose `[startedAt, endedAt)` holds it. */
export function roundOf(rounds: readonly RoundSpan[], at: number): number {
  for (const span of rounds) {
    if (at >= span.startedAt && (span.endedAt === null || at < span.endedAt)) return span.round;
  }
  return 0;
}

export interface DescribedHistory {
  authors: Array<{ id: string; name: string | null }>;
  entries: BoardHistoryEntry[];
}

/**
 * A board's log as people read it: each change with its author's name and its round. In
 * anonymous mode every author is `"anonymous"` with no name, and no author list is given, so
 * nothing downstream (the replay view, the export) can tell people apart.
 */
export function describeHistory(
  log: readonly HistoryEntry[],
  rounds: readonly RoundSpan[],
  names: ReadonlyMap<string, string>,
  anonymous: boolean,
  /** Whether a change at `at` was made while the event was in anonymous mode: shown as in it. */
  madeAnonymously: (at: number) => boolean = () => false,
): DescribedHistory {
  const authors = new Map<string, string | null>();
  const entries = log.map(({ seq, at, author }): BoardHistoryEntry => {
    const round = roundOf(rounds, at);
    if (anonymous || madeAnonymously(at)) {
      return { seq, at, author: ANONYMOUS_AUTHOR, authorName: null, round };
    }
    const name = names.get(author) ?? (author === "system" ? SYSTEM_AUTHOR_NAME : null);
    if (!authors.has(author)) authors.set(author, name);
    return { seq, at, author, authorName: name, round };
  });
  return { authors: [...authors].map(([id, name]) => ({ id, name })), entries };
}

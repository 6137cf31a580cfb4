import type { BoardHistoryEntry } from "@tablecloth/protocol";

/**
 * A board's `history.jsonl`: one JSON object per change, `{seq, time, at, author, round}`, where
 * `time` is ISO 8601, `at` epoch ms and `author` the author's name (or `"anonymous"`).
 */
export function historyJsonl(entries: readonly BoardHistoryEntry[]): string {
  return entries
    .map((e) =>
      JSON.stringify({
        seq: e.seq,
        time: new Date(e.at).toISOString(),
        at: e.at,
        author: e.author === "anonymous" ? "anonymous" : (e.authorName ?? "unknown"),
        round: e.round,
      }),
    )
    .map((line) => `${line}\n`)
    .join("");
}

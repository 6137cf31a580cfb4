import { ControlDocKeys, ControlsLimits } from "@tablecloth/protocol";
import type * as Y from "yjs";

/**
 * Anonymous mode (issue #14): while it is on, nobody is named to anybody, facilitators included
 * (the safer, MURAL-like reading): the server stamps presence, writes the control doc and answers
 * every route with {@link ANONYMOUS_NAME} where a person's name would be; a page still says "you"
 * for its own person (it knows its own id). History and export answers are anonymous while it is
 * on, and for every change made while it was on, whatever their query says.
 *
 * In the control doc's `controls` map, under {@link ANONYMOUS_KEY}: the stretches it was on, as
 * `[from, to]` pairs of server epoch ms, oldest first; the last one's `to` is `null` while it is on.
 */

/** The key of the anonymous stretches in the control doc's `controls` map. */
export const ANONYMOUS_KEY = "anonymous";

/** The label shown instead of a person's name while anonymous mode is on. */
export const ANONYMOUS_NAME = "Anonymous";

/** One stretch of anonymous mode: from `from` to `to` (server epoch ms; `null`: still on). */
export type AnonymousSpan = readonly [from: number, to: number | null];

function isSpan(value: unknown): value is AnonymousSpan {
  if (!Array.isArray(value) || value.length !== 2) return false;
  const [from, to] = value as unknown[];
  return (
    typeof from === "number" &&
    Number.isFinite(from) &&
    (to === null || (typeof to === "number" && Number.isFinite(to) && to >= from))
  );
}

/**
 * The stretches anonymous mode was on, oldest first. Malformed entries are skipped; a list that
 * is not a list reads as none. Only the last stretch may still be open.
 */
export function readAnonymousSpans(doc: Y.Doc): readonly AnonymousSpan[] {
  const value = doc.getMap<unknown>(ControlDocKeys.controls).get(ANONYMOUS_KEY);
  if (!Array.isArray(value)) return [];
  const spans = value.filter(isSpan);
  return spans.filter((span, i) => span[1] !== null || i === spans.length - 1);
}

/** Whether anonymous mode is on now (the last stretch is still open). */
export function isAnonymousNow(spans: readonly AnonymousSpan[]): boolean {
  return spans.length > 0 && spans[spans.length - 1]?.[1] === null;
}

/** Whether a change made at `at` (server epoch ms) was made while anonymous mode was on. */
export function wasAnonymousAt(spans: readonly AnonymousSpan[], at: number): boolean {
  return spans.some(([from, to]) => at >= from && (to === null || at <= to));
}

/** Reads whether the event's anonymous mode is on from its control doc. */
export function readAnonymous(doc: Y.Doc): boolean {
  return isAnonymousNow(readAnonymousSpans(doc));
}

/**
 * The stretches after turning anonymous mode `on` or off at `now`: turning it on opens a stretch,
 * off closes the open one; asking for the state it is in changes nothing. Past
 * `ControlsLimits.anonymousSpans` stretches the oldest two merge into one covering both.
 */
export function nextAnonymousSpans(
  spans: readonly AnonymousSpan[],
  on: boolean,
  now: number,
): readonly AnonymousSpan[] {
  if (isAnonymousNow(spans) === on) return spans;
  if (!on) {
    const last = spans[spans.length - 1] as AnonymousSpan;
    return [...spans.slice(0, -1), [last[0], Math.max(last[0], now)]];
  }
  const lastEnd = spans.length > 0 ? (spans[spans.length - 1]?.[1] ?? now) : now;
  let next: AnonymousSpan[] = [...spans, [Math.max(now, lastEnd), null]];
  while (next.length > ControlsLimits.anonymousSpans) {
    const [a, b, ...rest] = next as [AnonymousSpan, AnonymousSpan, ...AnonymousSpan[]];
    next = [[a[0], b[1]], ...rest];
  }
  return next;
}

/** Turns anonymous mode `on` or off at `now` (server epoch ms) in the control doc. */
export function writeAnonymous(doc: Y.Doc, on: boolean, now: number): void {
  const before = readAnonymousSpans(doc);
  const after = nextAnonymousSpans(before, on, now);
  if (after === before) return;
  doc.getMap<unknown>(ControlDocKeys.controls).set(
    ANONYMOUS_KEY,
    after.map((span) => [...span]),
  );
}

/** Calls `onChange` with whether anonymous mode is on after every change to `controls`. */
export function observeAnonymous(doc: Y.Doc, onChange: (on: boolean) => void): () => void {
  const map = doc.getMap<unknown>(ControlDocKeys.controls);
  const handler = () => onChange(readAnonymous(doc));
  map.observe(handler);
  return () => map.unobserve(handler);
}

/** The name to show for a person named `name`: theirs, or the neutral label while anonymous. */
export function shownName(name: string, anonymous: boolean): string {
  return anonymous ? ANONYMOUS_NAME : name;
}

import type * as Y from "yjs";

/** Rejects after `ms` with a message naming what was awaited; clears its timer either way. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves once `predicate(doc)` holds, checking now and after every update of the doc. */
export function waitForDoc(
  doc: Y.Doc,
  predicate: (doc: Y.Doc) => boolean,
  what: string,
  ms = 10_000,
): Promise<void> {
  if (predicate(doc)) return Promise.resolve();
  let handler: (() => void) | undefined;
  const done = new Promise<void>((resolve) => {
    handler = () => {
      if (predicate(doc)) resolve();
    };
    doc.on("update", handler);
  });
  return withTimeout(done, ms, what).finally(() => {
    if (handler) doc.off("update", handler);
  });
}

/**
 * Resolves once `check()` returns a value other than undefined, re-checking every `intervalMs`.
 * Only for state that has no event to wait on (e.g. `/metrics` over HTTP).
 */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  what: string,
  ms = 10_000,
  intervalMs = 25,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Resolves once `test()` holds, re-checking every `intervalMs`; for state with no event to wait on. */
export function waitUntil(
  test: () => boolean,
  what: string,
  ms = 10_000,
  intervalMs = 50,
): Promise<void> {
  return pollUntil(async () => (test() ? true : undefined), what, ms, intervalMs).then(() => {});
}

/** Opaque handle returned by {@link Scheduler.setTimeout}. */
export type TimerHandle = unknown;

/**
 * Timer source injected into the binding so batching and presence throttling can be driven
 * deterministically in tests. Defaults to the global timers and `Date.now`.
 */
export interface Scheduler {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  now(): number;
}

/** The global timers. */
export const globalScheduler: Scheduler = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

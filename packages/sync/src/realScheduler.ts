import type { Scheduler, TimerHandle } from "./types";

/** Handles of zero-delay timers, which run as `setImmediate`. */
const immediates = new WeakSet<object>();

/**
 * The default `Scheduler`: wall clock and Node timers. A zero-delay timer (the broadcast tick, a
 * leading-edge awareness flush) runs as `setImmediate`: right after the I/O callbacks of the
 * current loop turn, so every frame read in that turn is batched, without `setTimeout`'s 1 ms floor.
 */
export const realScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    if (ms <= 0) {
      const immediate = setImmediate(fn);
      immediates.add(immediate);
      return immediate as unknown as TimerHandle;
    }
    return setTimeout(fn, ms);
  },
  clearTimeout: (handle) => {
    if (immediates.has(handle as object)) {
      clearImmediate(handle as unknown as ReturnType<typeof setImmediate>);
      return;
    }
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

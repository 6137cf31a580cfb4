import type { Scheduler, TimerHandle } from "../types";

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

/** A `Scheduler` on virtual time: timers run only inside `advance`, in due order. */
export class ManualScheduler implements Scheduler {
  private time = 0;
  private nextId = 1;
  private timers: Timer[] = [];

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.time + Math.max(0, ms), fn };
    this.timers.push(timer);
    // The engine treats handles as opaque; a number stands in for Node's timer object here.
    return timer.id as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((timer) => timer.id !== (handle as unknown as number));
  }

  /** Timers not yet run. */
  get pending(): number {
    return this.timers.length;
  }

  /** Runs every timer due within `ms` from now (including ones they schedule), advancing the clock. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const next = this.nextDue(until);
      if (next === null) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.time = Math.max(this.time, next.at);
      next.fn();
    }
    this.time = until;
  }

  /** Runs only the next due timer within `ms`; returns false when there is none. */
  step(ms: number): boolean {
    const next = this.nextDue(this.time + ms);
    if (next === null) return false;
    this.timers = this.timers.filter((timer) => timer !== next);
    this.time = Math.max(this.time, next.at);
    next.fn();
    return true;
  }

  private nextDue(until: number): Timer | null {
    let best: Timer | null = null;
    for (const timer of this.timers) {
      if (timer.at > until) continue;
      if (best === null || timer.at < best.at || (timer.at === best.at && timer.id < best.id)) {
        best = timer;
      }
    }
    return best;
  }
}

import type { ConnectionRoom } from "./Connection";
import type { Logger, Scheduler, TimerHandle } from "./types";

/**
 * The one place that coalesces broadcasts: rooms with held frames or updates not yet relayed
 * flush at the next tick (a timeout of 0), unless their batch ended first; rooms asked to wait
 * (`schedule(room, withinMs)`: a crowded room's server writes) flush together when the window
 * that was open when they asked ends, so a burst of writes leaves in a few rounds.
 */
export class BroadcastTick {
  private readonly dirtyRooms = new Set<ConnectionRoom>();
  private tickTimer: TimerHandle | null = null;
  /** Rooms waiting for the window's end, and its timer. */
  private readonly windowRooms = new Set<ConnectionRoom>();
  private windowTimer: TimerHandle | null = null;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly logger: Logger,
  ) {}

  /** Flushes `room` at the next tick, or (with `withinMs` > 0) within `withinMs`. */
  schedule(room: ConnectionRoom, withinMs = 0): void {
    if (withinMs > 0) {
      this.windowRooms.add(room);
      if (this.windowTimer !== null) return;
      this.windowTimer = this.scheduler.setTimeout(() => {
        this.windowTimer = null;
        this.flush(this.windowRooms);
      }, withinMs);
      return;
    }
    this.dirtyRooms.add(room);
    if (this.tickTimer !== null) return;
    this.tickTimer = this.scheduler.setTimeout(() => {
      this.tickTimer = null;
      this.flush(this.dirtyRooms);
    }, 0);
  }

  /**
   * Takes `room` off the next tick once it has nothing left to send, and cancels the tick when no
   * room needs it: a batch that ended (and relayed at once) would otherwise leave a timer behind
   * that wakes the loop a moment later for nothing, once per TCP read.
   */
  settle(room: ConnectionRoom): void {
    if (room.hasUnsent() || !this.dirtyRooms.delete(room)) return;
    if (this.dirtyRooms.size === 0 && this.tickTimer !== null) {
      this.scheduler.clearTimeout(this.tickTimer);
      this.tickTimer = null;
    }
  }

  /** A room that is gone. */
  forget(room: ConnectionRoom): void {
    this.dirtyRooms.delete(room);
    this.windowRooms.delete(room);
  }

  /** Cancels the pending flushes and forgets every room (shutdown). */
  stop(): void {
    if (this.tickTimer !== null) this.scheduler.clearTimeout(this.tickTimer);
    if (this.windowTimer !== null) this.scheduler.clearTimeout(this.windowTimer);
    this.tickTimer = null;
    this.windowTimer = null;
    this.dirtyRooms.clear();
    this.windowRooms.clear();
  }

  /** Sends the batched updates of every room in `set` (emptied first). */
  private flush(set: Set<ConnectionRoom>): void {
    const rooms = [...set];
    set.clear();
    for (const room of rooms) {
      try {
        room.flushBroadcast();
      } catch (err) {
        this.logger.error("broadcast failed", {
          docName: room.docName,
          error: err instanceof Error ? err.message : String(err),
        });
      }
    }
  }
}

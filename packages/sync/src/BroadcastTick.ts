import type { ConnectionRoom } from "./Connection";
import type { Logger, Scheduler, TimerHandle } from "./types";

/**
 * The one place that coalesces a tick's broadcasts: rooms with held frames or updates not yet
 * relayed flush at the next tick (a timeout of 0), unless their batch ended first.
 */
export class BroadcastTick {
  private readonly dirtyRooms = new Set<ConnectionRoom>();
  private tickTimer: TimerHandle | null = null;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly logger: Logger,
  ) {}

  schedule(room: ConnectionRoom): void {
    this.dirtyRooms.add(room);
    if (this.tickTimer !== null) return;
    this.tickTimer = this.scheduler.setTimeout(() => this.tick(), 0);
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
  }

  /** Cancels the next tick and forgets every room (shutdown). */
  stop(): void {
    if (this.tickTimer !== null) this.scheduler.clearTimeout(this.tickTimer);
    this.tickTimer = null;
    this.dirtyRooms.clear();
  }

  /** Sends each dirty room's batched updates (one tick's worth). */
  private tick(): void {
    this.tickTimer = null;
    const rooms = [...this.dirtyRooms];
    this.dirtyRooms.clear();
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

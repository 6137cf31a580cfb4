import { freeSeatOfAbsent, peopleInCafe, trackAbsence } from "@tablecloth/cafe";
import type { ConnectionContext, Logger } from "@tablecloth/sync";
import { controlDocName } from "../events/ids";
import type { SyncControl } from "../events/SyncControl";
import { CAFE_CLOCK_AUTHOR } from "./CafeRoundClock";

const CONTROL_SUFFIX = controlDocName("");

export interface CafeAbsenceSweeperDeps {
  sync: Pick<SyncControl, "read" | "transact"> & {
    loadedDocNames(): string[];
    forEachConnection(visit: (docName: string, context: ConnectionContext) => void): void;
  };
  logger: Logger;
  /** `TABLECLOTH_CAFE_SEAT_GRACE_MS`: how long someone may be gone before their seat is freed. */
  graceMs: number;
  /** How often to look (`TABLECLOTH_CAFE_CLOCK_TICK_MS`, shared with the round timer). */
  tickMs: number;
  now?: () => number;
}

/**
 * Frees the seats of people who left the café: someone in the café (seated or waiting) with no
 * socket at all to any of the event's docs on this server for longer than `graceMs` is taken out
 * of it (`freeSeatOfAbsent`: they stay host of their table), so the planner stops keeping an empty
 * seat for them. Back within the grace period, nothing happens. Every café page follows the
 * control doc, and its sockets are where that doc is held, so looking at the control docs this
 * server holds sees everyone who has the café open.
 *
 * When each person was first seen gone is kept in memory only: after a restart everyone
 * reconnects within seconds, and the grace period simply starts again.
 */
export class CafeAbsenceSweeper {
  private readonly deps: CafeAbsenceSweeperDeps;
  private readonly now: () => number;
  /** Control doc → participant → when first seen with no connection. */
  private readonly gone = new Map<string, ReadonlyMap<string, number>>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(deps: CafeAbsenceSweeperDeps) {
    this.deps = deps;
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => {
      if (this.sweeping === null)
        this.sweeping = this.sweep().finally(() => (this.sweeping = null));
    }, this.deps.tickMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping;
  }

  /** Looks at every control doc this server holds once, freeing overdue seats; never throws. */
  async sweep(): Promise<void> {
    const docNames = this.deps.sync.loadedDocNames().filter((n) => n.endsWith(CONTROL_SUFFIX));
    for (const docName of [...this.gone.keys()]) {
      if (!docNames.includes(docName)) this.gone.delete(docName);
    }
    for (const docName of docNames) {
      try {
        await this.sweepOne(docName);
      } catch (error) {
        this.deps.logger.error("café absence sweep failed", { docName, error });
      }
    }
  }

  private async sweepOne(docName: string): Promise<void> {
    const eventId = docName.slice(0, -CONTROL_SUFFIX.length);
    const inCafe = await this.deps.sync.read(docName, peopleInCafe);
    // Nobody in the café (every event that is not one, a plenary of a thousand among them):
    // nothing to look up, so the server's connections are not walked every tick.
    const connected = inCafe.length === 0 ? new Set<string>() : this.connectedTo(eventId);
    const { since, overdue } = trackAbsence(
      inCafe,
      (id) => connected.has(id),
      this.gone.get(docName) ?? new Map(),
      this.now(),
      this.deps.graceMs,
    );
    this.gone.set(docName, since);
    if (overdue.length === 0) return;
    const freed: string[] = [];
    await this.deps.sync.transact(docName, CAFE_CLOCK_AUTHOR, (doc) => {
      // Looked at again inside the serialised step: someone who came back meanwhile keeps it.
      const connectedNow = this.connectedTo(eventId);
      for (const id of overdue) {
        if (!connectedNow.has(id) && freeSeatOfAbsent(doc, id)) freed.push(id);
      }
    });
    for (const id of freed) since.delete(id);
    if (freed.length > 0) {
      this.deps.logger.info("café seats freed: gone longer than the grace period", {
        eventId,
        people: freed.length,
        graceMs: this.deps.graceMs,
      });
    }
  }

  /** Everyone with a socket to any doc of `eventId` (doc names start with `${eventId}.`). */
  private connectedTo(eventId: string): Set<string> {
    const prefix = `${eventId}.`;
    const ids = new Set<string>();
    this.deps.sync.forEachConnection((docName, context) => {
      if (docName.startsWith(prefix)) ids.add(context.userId);
    });
    return ids;
  }
}

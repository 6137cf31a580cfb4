import { randomInt } from "node:crypto";
import {
  endRoundOnTime,
  type RoundEndOutcome,
  readPastRounds,
  readRoundEnd,
  readRoundState,
  roundEndsAt,
} from "@tablecloth/cafe";
import type { Logger } from "@tablecloth/sync";
import { cafeRoundsDocName, controlDocName } from "../events/ids";
import type { SyncControl } from "../events/SyncControl";
import { recordEndedRound } from "./recordEndedRound";

/** The control doc's name suffix (see `controlDocName`). */
const CONTROL_SUFFIX = controlDocName("");

/** Who the server's own round-end writes are stored as in a doc's history. */
export const CAFE_CLOCK_AUTHOR = "system";

export interface CafeRoundClockDeps {
  sync: Pick<SyncControl, "read" | "transact"> & { loadedDocNames(): string[] };
  logger: Logger;
  /** How often to look (`TABLECLOTH_CAFE_CLOCK_TICK_MS`). */
  tickMs: number;
  /** Server clock (epoch ms); injected in tests. */
  now?: () => number;
  /** The planner's seed; random by default. */
  seed?: () => number;
  /** Told after the clock ended a round of event `eventId` (the café keeps a picture of every cloth); must not block. */
  onRoundEnded?: (eventId: string) => void;
}

/**
 * The café's round timer on the server: when a running round's countdown reaches 0, the café's
 * choice is carried out (`endRoundOnTime`: auto-rotate, or nothing for the gentle prompt) with
 * no page and no facilitator involved.
 *
 * No timer is stored: every `tickMs` it reads the round state (one key) of each control doc this
 * server holds, and acts on a running round whose end time, already in the doc, has passed. Docs
 * with a running round are remembered with their end time (and the routes `watch` a doc whose
 * round they start), so a round still ends on time when everyone closed their page and the doc
 * was unloaded. So it needs nothing special after a restart (a café's doc is looked at again as
 * soon as someone opens it), nor when a round is extended, paused or rotated by hand. It acts inside the control doc's serialised step, and only if the round that ran out is
 * still the one running, so two ticks, two clocks or two servers apply a round's end once.
 */
export class CafeRoundClock {
  private readonly deps: CafeRoundClockDeps;
  private readonly now: () => number;
  private readonly seed: () => number;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Control docs being acted on now: a slow rotation is not started again by the next tick. */
  private readonly busy = new Set<string>();
  /** Control docs with a running round → when it runs out (−∞: not read yet). */
  private readonly watched = new Map<string, number>();
  /** Gentle-prompt rounds already seen over, so each is logged once. */
  private readonly prompted = new Set<string>();
  private ticking: Promise<void> | null = null;

  constructor(deps: CafeRoundClockDeps) {
    this.deps = deps;
    this.now = deps.now ?? Date.now;
    this.seed = deps.seed ?? (() => randomInt(0, 0xffffffff));
  }

  start(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => {
      if (this.ticking === null) this.ticking = this.tick().finally(() => (this.ticking = null));
    }, this.deps.tickMs);
    this.timer.unref?.();
  }

  /** Stops looking and waits for a tick under way. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
  }

  /**
   * Remembers that `docName`'s round may run out (a route started, resumed or extended it), so
   * its end is acted on even if the doc is unloaded by then (everyone closed their page).
   */
  watch(docName: string): void {
    if (!this.watched.has(docName)) this.watched.set(docName, Number.NEGATIVE_INFINITY);
  }

  /**
   * Looks at every control doc this server holds, and at the watched ones whose round is due,
   * once; acts on the rounds that ran out. Never throws.
   */
  async tick(): Promise<void> {
    const loaded = new Set(
      this.deps.sync.loadedDocNames().filter((n) => n.endsWith(CONTROL_SUFFIX)),
    );
    const at = this.now();
    const names = new Set(loaded);
    // An unloaded doc is loaded again only when its round is due (or its end is not known yet).
    for (const [docName, endsAt] of this.watched) if (endsAt <= at) names.add(docName);
    await Promise.all([...names].map((docName) => this.check(docName)));
  }

  private async check(docName: string): Promise<void> {
    if (this.busy.has(docName)) return;
    this.busy.add(docName);
    try {
      const at = this.now();
      const seen = await this.deps.sync.read(docName, (doc) => {
        const round = readRoundState(doc);
        if (round.phase !== "running") return null;
        return {
          round: round.round,
          endsAt: roundEndsAt(round, round.round) ?? at,
          choice: readRoundEnd(doc),
        };
      });
      if (seen === null) {
        this.watched.delete(docName);
        return;
      }
      if (seen.endsAt > at) {
        this.watched.set(docName, seen.endsAt);
        return;
      }
      // Over: acted on now, so no longer watched (a later extension or round watches it again).
      this.watched.delete(docName);
      const eventId = docName.slice(0, -CONTROL_SUFFIX.length);
      if (seen.choice === "prompt") {
        const key = `${docName}#${seen.round}`;
        if (!this.prompted.has(key)) {
          this.prompted.add(key);
          this.deps.logger.info("café round over: waiting for the facilitator", {
            eventId,
            round: seen.round,
          });
        }
        return;
      }
      await this.endRound(docName, eventId, seen.round);
    } catch (error) {
      this.deps.logger.error("café round clock failed", { docName, error });
    } finally {
      this.busy.delete(docName);
    }
  }

  private async endRound(docName: string, eventId: string, round: number): Promise<void> {
    const recorded = (await this.deps.sync.read(cafeRoundsDocName(eventId), readPastRounds)).rounds;
    const now = this.now();
    const seed = this.seed();
    let outcome: RoundEndOutcome | null = null;
    let failure: unknown = null;
    await this.deps.sync.transact(docName, CAFE_CLOCK_AUTHOR, (doc) => {
      try {
        outcome = endRoundOnTime(doc, { round, now, recorded, seed });
      } catch (error) {
        failure = error;
      }
    });
    if (failure !== null) throw failure;
    const done = outcome as RoundEndOutcome | null;
    if (done === null || done.kind === "not-due" || done.kind === "prompt") return;
    if (done.kind === "rotated") {
      // The round it started runs out in its turn, whether or not anyone keeps the doc open.
      this.watch(docName);
      await recordEndedRound(
        this.deps.sync,
        this.deps.logger,
        eventId,
        CAFE_CLOCK_AUTHOR,
        done.applied,
      );
      this.deps.logger.info("café round over: rotated", {
        eventId,
        round: done.round,
        next: done.applied.round,
        moved: done.applied.moved,
      });
    } else {
      this.deps.logger.info("café round over: ended", { eventId, round, why: done.why });
    }
    this.deps.onRoundEnded?.(eventId);
  }
}

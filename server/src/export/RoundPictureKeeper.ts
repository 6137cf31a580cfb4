import type { DocStore } from "@tablecloth/storage";
import type { Logger } from "@tablecloth/sync";
import type { EventRecord, EventStore } from "../events/EventStore";
import type { OpenRenderer } from "./BoardRenderer";
import { decodeBoardState, renderRequestOf } from "./boardState";
import type { RoundPictureStore } from "./RoundPictureStore";

export interface RoundPictureKeeperDeps {
  eventStore: EventStore;
  store: DocStore;
  pictures: RoundPictureStore;
  openRenderer: OpenRenderer;
  /** The café's rounds (`BoardHistoryService.rounds`). */
  rounds: (event: EventRecord) => Promise<ReadonlyArray<{ round: number; endedAt: number | null }>>;
  /** Stores what the sync server holds, so the state at the round's end is all there. */
  flush: () => Promise<void>;
  logger: Logger;
  /** Events waiting for their pictures; past it a round end is logged and left (the export
   * renders that moment from the history instead). */
  maxPending?: number;
}

/** Named default of the keeper. */
export const ROUND_PICTURE_DEFAULTS = { maxPending: 64 } as const;

/**
 * Keeps a picture of every cloth at each round's end. `roundEnded` only queues the event and
 * returns: the pictures are rendered one board at a time in the background (off the round
 * request's path), from the board's history at the round's end, so a stroke drawn after the bell
 * never shows up in it however late the render runs. Rounds already kept are skipped, so a
 * missed one (a restart, a full queue) is caught up at the next round's end.
 */
export class RoundPictureKeeper {
  private readonly pending: EventRecord[] = [];
  private running: Promise<void> | null = null;
  private readonly maxPending: number;
  private stopped = false;

  constructor(private readonly deps: RoundPictureKeeperDeps) {
    this.maxPending = deps.maxPending ?? ROUND_PICTURE_DEFAULTS.maxPending;
  }

  /** A round of `event` ended: queue its cloths' pictures. */
  roundEnded(event: EventRecord): void {
    if (this.stopped) return;
    if (this.pending.some((e) => e.id === event.id)) return;
    if (this.pending.length >= this.maxPending) {
      this.deps.logger.warn("round pictures skipped: queue full", { eventId: event.id });
      return;
    }
    this.pending.push(event);
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  /** Drops what is queued (shutdown); the board being rendered finishes or fails. */
  stop(): void {
    this.stopped = true;
    this.pending.length = 0;
  }

  /** Resolves once every queued picture is kept (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    for (let event = this.pending.shift(); event; event = this.pending.shift()) {
      try {
        await this.keep(event);
      } catch (error) {
        this.deps.logger.error("round pictures failed", { eventId: event.id, error });
      }
    }
  }

  private async keep(event: EventRecord): Promise<void> {
    const { deps } = this;
    const ended = (await deps.rounds(event)).filter(
      (r): r is { round: number; endedAt: number } => r.endedAt !== null,
    );
    if (ended.length === 0) return;
    const boards = (await deps.eventStore.listBoards(event.id)).filter((b) => b.kind === "table");
    const missing: Array<{ boardId: string; docName: string; round: number; at: number }> = [];
    for (const board of boards) {
      for (const round of ended) {
        if ((await deps.pictures.get(board.id, round.round)) === null) {
          missing.push({
            boardId: board.id,
            docName: board.docName,
            round: round.round,
            at: round.endedAt,
          });
        }
      }
    }
    if (missing.length === 0) return;
    await deps.flush();
    const opened = await deps.openRenderer();
    if (!opened.ok) {
      deps.logger.info("round pictures not rendered", { eventId: event.id, reason: opened.reason });
      return;
    }
    try {
      let kept = 0;
      for (const m of missing) {
        if (this.stopped) break;
        const state = await deps.store.stateAt(m.docName, m.at);
        const result = await opened.renderer.render(renderRequestOf(decodeBoardState(state)));
        if (result.kind === "rendered") {
          await deps.pictures.put(m.boardId, m.round, { svg: result.svg, png: result.png });
          kept++;
        } else if (result.kind === "failed") {
          deps.logger.warn("round picture not rendered", {
            eventId: event.id,
            boardId: m.boardId,
            round: m.round,
            reason: result.reason,
          });
        }
      }
      deps.logger.info("round pictures kept", { eventId: event.id, kept });
    } finally {
      await opened.renderer.close();
    }
  }
}

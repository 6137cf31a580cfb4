import { readTimeline } from "@tablecloth/cafe";
import { isAnonymousNow, readAnonymousSpans, wasAnonymousAt } from "@tablecloth/controls";
import { pathStepSpans, readPathPlan } from "@tablecloth/path";
import type {
  BoardFrame,
  PathStepSpanBody,
  RestoreResponse,
  RoundSpan,
} from "@tablecloth/protocol";
import type { DocStore } from "@tablecloth/storage";
import type { BoardRecord, EventRecord, EventStore } from "../events/EventStore";
import type { SyncControl } from "../events/SyncControl";
import { readBoardRecords, recordsOfState } from "./boardRecords";
import { type DescribedHistory, describeHistory } from "./describeHistory";
import { framesOf, replayMoments } from "./historyFrames";
import { changedRecordIds, restoreRecords } from "./restoreRecords";

export interface BoardHistoryDeps {
  eventStore: EventStore;
  store: DocStore;
  sync: SyncControl;
  /** Makes every accepted update durable, so the log and `stateAt` see it. */
  flush: () => Promise<void>;
  /** Server clock, epoch ms (the room engine stamps the log with the same clock). */
  now?: () => number;
}

/**
 * Reading a board's past and bringing it back: the history with names and rounds, and restore as
 * a forward change through the room engine (so everyone at the table receives it and it is in the
 * log like any other change).
 */
export class BoardHistoryService {
  private readonly now: () => number;

  constructor(private readonly deps: BoardHistoryDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The event's café rounds (empty for other formats or before the first round). */
  async rounds(event: EventRecord): Promise<RoundSpan[]> {
    if (event.format !== "world-cafe") return [];
    return this.deps.sync.read(event.controlDocName, readTimeline);
  }

  /**
   * A PATH board's steps as the session went through them (revisits included), from its plan's
   * timeline in the control doc; empty for every other board or before the first step.
   */
  async pathSteps(event: EventRecord, board: BoardRecord): Promise<PathStepSpanBody[]> {
    if (board.kind !== "path") return [];
    const plan = await this.deps.sync.read(event.controlDocName, (doc) =>
      readPathPlan(doc, board.id),
    );
    return plan === null ? [] : pathStepSpans(plan.progress.timeline);
  }

  /** Display names of the given participant ids (removed people keep theirs). */
  async names(authorIds: Iterable<string>): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const id of new Set(authorIds)) {
      const participant = await this.deps.eventStore.getParticipant(id);
      if (participant) names.set(id, participant.name);
    }
    return names;
  }

  /** Whether `event` is in anonymous mode now: its history and export answers then name nobody. */
  async isAnonymous(event: EventRecord): Promise<boolean> {
    return isAnonymousNow(await this.deps.sync.read(event.controlDocName, readAnonymousSpans));
  }

  /**
   * The board's history with names, or none when `anonymous` is asked for or the event is in
   * anonymous mode now; either way each change made while the mode was on names nobody.
   */
  async describe(
    event: EventRecord,
    board: BoardRecord,
    anonymous: boolean,
    rounds?: readonly RoundSpan[],
  ): Promise<DescribedHistory> {
    const spans = await this.deps.sync.read(event.controlDocName, readAnonymousSpans);
    const hideAll = anonymous || isAnonymousNow(spans);
    await this.deps.flush();
    const log = await this.deps.store.history(board.docName);
    const madeAnonymously = (at: number) => wasAnonymousAt(spans, at);
    const names = hideAll
      ? new Map<string, string>()
      : await this.names(log.filter((e) => !madeAnonymously(e.at)).map((e) => e.author));
    const described = describeHistory(
      log,
      rounds ?? (await this.rounds(event)),
      names,
      hideAll,
      madeAnonymously,
    );
    return described;
  }

  /**
   * The board's replay as frames: the records each moment put and removed, so a viewer seeks by
   * applying diffs locally instead of asking the server at every step. Each frame is what
   * `stateAt` gives at its moment (the same seek the state endpoint answers), so replay and
   * restore agree exactly.
   */
  async frames(board: BoardRecord): Promise<{ frames: BoardFrame[]; everyChange: boolean }> {
    await this.deps.flush();
    const { moments, everyChange } = replayMoments(await this.deps.store.history(board.docName));
    const states = [];
    for (const moment of moments) {
      const state = await this.deps.store.stateAt(board.docName, moment.at);
      states.push({ ...moment, records: recordsOfState(state) });
    }
    return { frames: framesOf(states), everyChange };
  }

  /**
   * Brings the board back to how it was at `at`, as one change by `author`. Whatever anyone
   * changed after the restore began (`began`, the facilitator's click on the server clock, or
   * this call's start when absent or later) is left as it is, and what they send after the change
   * lands merges on top: nobody loses a stroke. Restoring `undoAt` undoes it.
   */
  async restore(
    board: BoardRecord,
    at: number,
    author: string,
    began?: number,
  ): Promise<RestoreResponse> {
    // Everything stamped up to `undoAt` is what the facilitator saw; anything later, even in the
    // millisecond the restore began, counts as drawn after it.
    const undoAt = Math.min(began ?? Number.POSITIVE_INFINITY, this.now()) - 1;
    await this.deps.flush();
    const [pastState, beganState] = await Promise.all([
      this.deps.store.stateAt(board.docName, at),
      this.deps.store.stateAt(board.docName, undoAt),
    ]);
    const past = recordsOfState(pastState);
    const seen = recordsOfState(beganState);
    let counts = { changed: 0, removed: 0, added: 0, kept: 0 };
    await this.deps.sync.transact(board.docName, author, (doc) => {
      const keep = changedRecordIds(seen, readBoardRecords(doc));
      counts = restoreRecords(doc, past, keep);
    });
    return { restoredTo: at, undoAt, ...counts };
  }
}

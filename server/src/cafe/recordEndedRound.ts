import { type AppliedSeating, recordPastRound, recordRoundQuestions } from "@tablecloth/cafe";
import type { Logger } from "@tablecloth/sync";
import { cafeRoundsDocName } from "../events/ids";
import type { SyncControl } from "../events/SyncControl";

/**
 * After a rotation was applied to the control doc, records the round that ended (its seating and
 * its tables' questions) in the event's server-only rounds doc. Only after: a stale plan (refused
 * by the control doc) must not record a base that never was the room's seating. The two docs are
 * not written atomically: a crash (or a failed write) between them loses this round's pairing
 * history and questions only, so the planner spreads people a little less later and the
 * proceedings work the questions out from the settings; seats are never affected. The rotation
 * is applied either way, so a failure here is logged, not thrown.
 */
export async function recordEndedRound(
  sync: Pick<SyncControl, "transact">,
  logger: Logger,
  eventId: string,
  author: string,
  applied: Pick<AppliedSeating, "ended" | "endedQuestions">,
): Promise<void> {
  try {
    await sync.transact(cafeRoundsDocName(eventId), author, (doc) => {
      recordPastRound(doc, applied.ended);
      if (applied.endedQuestions !== null) recordRoundQuestions(doc, applied.endedQuestions);
    });
  } catch (error) {
    logger.error("café past round not recorded", { eventId, round: applied.ended.round, error });
  }
}

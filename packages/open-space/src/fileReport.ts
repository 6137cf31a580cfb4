import { checkText } from "./checkText";
import { OpenSpaceError, OpenSpaceErrorCode } from "./OpenSpaceError";
import { OPEN_SPACE_LIMITS } from "./openSpaceLimits";
import type { Actor, OpenSpaceState, Report } from "./openSpaceTypes";
import { convenes, requireSession } from "./sessionAccess";

export interface ReportInput {
  readonly summary: string;
  readonly keyPoints?: string | undefined;
  readonly nextSteps?: string | undefined;
  readonly filedAt: number;
}

/**
 * Files (or replaces) a session's report for the news room. A convener, a facilitator, or a note
 * taker (someone signed up to the session or at it now) may file it.
 */
export function fileReport(
  state: OpenSpaceState,
  actor: Actor,
  sessionId: string,
  input: ReportInput,
): OpenSpaceState {
  const session = requireSession(state, sessionId);
  const max = OPEN_SPACE_LIMITS.maxReportFieldLength;
  const noteTaker =
    actor.role === "participant" &&
    ((state.signUps[actor.id] ?? []).includes(sessionId) ||
      state.whereabouts[actor.id]?.sessionId === sessionId);
  if (!(actor.role === "facilitator" || convenes(session, actor.id) || noteTaker)) {
    throw new OpenSpaceError(
      OpenSpaceErrorCode.NotAllowed,
      "Only the session's conveners, note takers (people at it) and facilitators file its report.",
      { sessionId },
    );
  }
  const report: Report = {
    summary: checkText(input.summary, "summary", { max }),
    keyPoints: checkText(input.keyPoints ?? "", "keyPoints", { max, allowEmpty: true }),
    nextSteps: checkText(input.nextSteps ?? "", "nextSteps", { max, allowEmpty: true }),
    authorId: actor.id,
    authorName: actor.name,
    filedAt: input.filedAt,
  };
  return { ...state, reports: { ...state.reports, [sessionId]: report } };
}

import { type Cell, requireFreeCell } from "./cells";
import { checkText } from "./checkText";
import { OPEN_SPACE_LIMITS } from "./openSpaceLimits";
import type { Actor, OpenSpaceState } from "./openSpaceTypes";
import { checkCapacity } from "./postSession";
import { requireMayChange, requireSession } from "./sessionAccess";

export interface SessionPatch {
  readonly title?: string | undefined;
  readonly description?: string | undefined;
  /** Null removes the limit. A capacity below the sign-ups so far keeps them and closes the session. */
  readonly capacity?: number | null | undefined;
}

/** Changes what a session says about itself (its conveners or a facilitator). */
export function editSession(
  state: OpenSpaceState,
  actor: Actor,
  sessionId: string,
  patch: SessionPatch,
): OpenSpaceState {
  const session = requireSession(state, sessionId);
  requireMayChange(session, actor);
  const next = {
    ...session,
    ...(patch.title === undefined
      ? {}
      : { title: checkText(patch.title, "title", { max: OPEN_SPACE_LIMITS.maxTitleLength }) }),
    ...(patch.description === undefined
      ? {}
      : {
          description: checkText(patch.description, "description", {
            max: OPEN_SPACE_LIMITS.maxDescriptionLength,
            allowEmpty: true,
          }),
        }),
    ...(patch.capacity === undefined ? {} : { capacity: checkCapacity(patch.capacity) }),
  };
  return { ...state, sessions: { ...state.sessions, [sessionId]: next } };
}

/**
 * Moves a session to another cell (its conveners or a facilitator): the cell must be free, or be
 * the session's own. Sign-ups, whereabouts and the board go with it.
 */
export function moveSession(
  state: OpenSpaceState,
  actor: Actor,
  sessionId: string,
  to: Cell,
): OpenSpaceState {
  const session = requireSession(state, sessionId);
  requireMayChange(session, actor);
  requireFreeCell(state, to, sessionId);
  const next = { ...session, spaceId: to.spaceId, slotId: to.slotId };
  return { ...state, sessions: { ...state.sessions, [sessionId]: next } };
}

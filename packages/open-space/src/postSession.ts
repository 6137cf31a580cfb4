import { type Cell, requireFreeCell } from "./cells";
import { checkText } from "./checkText";
import { OpenSpaceError, OpenSpaceErrorCode } from "./OpenSpaceError";
import { OPEN_SPACE_LIMITS } from "./openSpaceLimits";
import type { Actor, OpenSpaceState, Session } from "./openSpaceTypes";
import { requireParticipant, requireSession } from "./sessionAccess";
import { withoutSession } from "./withoutSession";

export interface PostInput extends Cell {
  readonly id: string;
  readonly title: string;
  readonly description?: string | undefined;
  readonly capacity?: number | null | undefined;
  readonly postedAt: number;
  /**
   * The session's board, when the caller made its id beforehand: the post and its board then
   * reach every page in one change (the route does so; `attachBoard` gives it one later).
   */
  readonly board?: { readonly boardId: string; readonly docName: string } | undefined;
}

/**
 * Posts a topic into a free cell: the poster becomes its convener. Throws `cell-taken` when the
 * cell holds a session already (the first of two simultaneous posts wins), `too-many-sessions`
 * when the poster convenes the most a convener may. The board comes with the post
 * (`input.board`) or later (`attachBoard`).
 */
export function postSession(state: OpenSpaceState, actor: Actor, input: PostInput): OpenSpaceState {
  requireParticipant(actor, "post sessions");
  const title = checkText(input.title, "title", { max: OPEN_SPACE_LIMITS.maxTitleLength });
  const description = checkText(input.description ?? "", "description", {
    max: OPEN_SPACE_LIMITS.maxDescriptionLength,
    allowEmpty: true,
  });
  const capacity = checkCapacity(input.capacity ?? null);
  if (Object.hasOwn(state.sessions, input.id)) {
    throw new OpenSpaceError(OpenSpaceErrorCode.InvalidValue, "That session id is taken.", {
      field: "id",
    });
  }
  const cell = { spaceId: input.spaceId, slotId: input.slotId };
  requireFreeCell(state, cell);
  const convened = Object.values(state.sessions).filter((s) =>
    s.conveners.some((c) => c.id === actor.id),
  ).length;
  if (convened >= OPEN_SPACE_LIMITS.maxSessionsPerConvener) {
    throw new OpenSpaceError(
      OpenSpaceErrorCode.TooManySessions,
      `You already convene ${convened} sessions, the most one person may.`,
    );
  }
  const session: Session = {
    id: input.id,
    title,
    description,
    conveners: [{ id: actor.id, name: actor.name }],
    ...cell,
    boardId: input.board?.boardId ?? null,
    docName: input.board?.docName ?? null,
    capacity,
    merged: [],
    postedAt: input.postedAt,
  };
  return { ...state, sessions: { ...state.sessions, [session.id]: session } };
}

/** Gives a posted session its board. */
export function attachBoard(
  state: OpenSpaceState,
  sessionId: string,
  board: { boardId: string; docName: string },
): OpenSpaceState {
  const session = requireSession(state, sessionId);
  return {
    ...state,
    sessions: { ...state.sessions, [sessionId]: { ...session, ...board } },
  };
}

/**
 * Takes a session off the wall (its convener changed their mind, or its board could not be
 * made), with its sign-ups, whereabouts, report and place in the queue.
 */
export function removeSession(state: OpenSpaceState, sessionId: string): OpenSpaceState {
  requireSession(state, sessionId);
  return withoutSession(state, sessionId);
}

/** A capacity must be a whole number from 1 to the limit, or null for none. */
export function checkCapacity(capacity: number | null): number | null {
  if (capacity === null) return null;
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > OPEN_SPACE_LIMITS.maxCapacity) {
    throw new OpenSpaceError(
      OpenSpaceErrorCode.InvalidValue,
      `capacity must be a whole number from 1 to ${OPEN_SPACE_LIMITS.maxCapacity}.`,
      { field: "capacity" },
    );
  }
  return capacity;
}

import type { Actor, OpenSpaceState } from "./openSpaceTypes";
import { requireFacilitator, requireMayChange, requireSession } from "./sessionAccess";

/**
 * A convener (or a facilitator for them) queues a session to be announced aloud. Queuing twice,
 * or while it is being announced, changes nothing.
 */
export function queueAnnouncement(
  state: OpenSpaceState,
  actor: Actor,
  sessionId: string,
): OpenSpaceState {
  requireMayChange(requireSession(state, sessionId), actor);
  const { speaking, waiting } = state.queue;
  if (speaking === sessionId || waiting.includes(sessionId)) return state;
  return { ...state, queue: { speaking, waiting: [...waiting, sessionId] } };
}

/** Takes a session out of the queue (its convener or a facilitator). */
export function leaveAnnouncementQueue(
  state: OpenSpaceState,
  actor: Actor,
  sessionId: string,
): OpenSpaceState {
  requireMayChange(requireSession(state, sessionId), actor);
  const { speaking, waiting } = state.queue;
  return {
    ...state,
    queue: {
      speaking: speaking === sessionId ? null : speaking,
      waiting: waiting.filter((id) => id !== sessionId),
    },
  };
}

/** The facilitator hands the word to the next convener in the queue (or to nobody at its end). */
export function nextAnnouncement(state: OpenSpaceState, actor: Actor): OpenSpaceState {
  requireFacilitator(actor, "run the announcements");
  const [next, ...rest] = state.queue.waiting;
  return { ...state, queue: { speaking: next ?? null, waiting: rest } };
}

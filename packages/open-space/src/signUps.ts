import { OpenSpaceError, OpenSpaceErrorCode } from "./OpenSpaceError";
import type { Actor, OpenSpaceState } from "./openSpaceTypes";
import { requireParticipant, requireSession } from "./sessionAccess";

/** How many people signed up to a session. */
export function signUpCount(state: OpenSpaceState, sessionId: string): number {
  let n = 0;
  for (const list of Object.values(state.signUps)) if (list.includes(sessionId)) n++;
  return n;
}

/** Whether the session has a capacity and it is reached. */
export function isFull(state: OpenSpaceState, sessionId: string): boolean {
  const capacity = state.sessions[sessionId]?.capacity ?? null;
  return capacity !== null && signUpCount(state, sessionId) >= capacity;
}

/**
 * Adds a session to the caller's schedule. Signing up again changes nothing; a full session
 * throws `session-full`. Two sessions in the same slot are allowed: the law of two feet.
 */
export function signUp(state: OpenSpaceState, actor: Actor, sessionId: string): OpenSpaceState {
  requireParticipant(actor, "sign up to sessions");
  requireSession(state, sessionId);
  const mine = state.signUps[actor.id] ?? [];
  if (mine.includes(sessionId)) return state;
  if (isFull(state, sessionId)) {
    throw new OpenSpaceError(OpenSpaceErrorCode.SessionFull, "This session is full.", {
      sessionId,
    });
  }
  return { ...state, signUps: { ...state.signUps, [actor.id]: [...mine, sessionId] } };
}

/** Takes a session off the caller's schedule (nothing changes when it was not on it). */
export function withdraw(state: OpenSpaceState, actor: Actor, sessionId: string): OpenSpaceState {
  const mine = state.signUps[actor.id] ?? [];
  if (!mine.includes(sessionId)) return state;
  return {
    ...state,
    signUps: { ...state.signUps, [actor.id]: mine.filter((id) => id !== sessionId) },
  };
}

/** The caller's schedule: their sessions in wall order (slot, then space). */
export function scheduleOf(state: OpenSpaceState, participantId: string): string[] {
  const slotIndex = new Map(state.slots.map((s, i) => [s.id, i]));
  const spaceIndex = new Map(state.spaces.map((s, i) => [s.id, i]));
  return (state.signUps[participantId] ?? [])
    .filter((id) => Object.hasOwn(state.sessions, id))
    .sort((a, b) => {
      const sa = state.sessions[a];
      const sb = state.sessions[b];
      if (!sa || !sb) return 0;
      return (
        (slotIndex.get(sa.slotId) ?? 0) - (slotIndex.get(sb.slotId) ?? 0) ||
        (spaceIndex.get(sa.spaceId) ?? 0) - (spaceIndex.get(sb.spaceId) ?? 0)
      );
    });
}

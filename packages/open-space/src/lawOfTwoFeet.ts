import { OPEN_SPACE_LIMITS } from "./openSpaceLimits";
import type { Actor, OpenSpaceState, Whereabouts } from "./openSpaceTypes";
import { requireParticipant, requireSession } from "./sessionAccess";

/**
 * The law of two feet: the caller goes to a session (or, with null, to none: they are in the
 * Open Space between groups). Anyone may go anywhere at any time, full or not: capacity closes
 * sign-ups, never feet.
 */
export function goTo(
  state: OpenSpaceState,
  actor: Actor,
  sessionId: string | null,
): OpenSpaceState {
  const next = nextWhereabouts(state, actor, sessionId);
  if (next === null) return state;
  return { ...state, whereabouts: { ...state.whereabouts, [actor.id]: next } };
}

/**
 * The whereabouts `goTo` gives the caller, or null when they are there already (under the same
 * name): what a move writes, without the new state's copy of everyone's whereabouts (a route
 * that only records the move writes this one entry, `writeWhereabouts`). Only the target session
 * and the caller's own whereabouts are looked at, so `state` may hold just those
 * (`readOpenSpaceEntry`).
 */
export function nextWhereabouts(
  state: Pick<OpenSpaceState, "sessions" | "whereabouts">,
  actor: Actor,
  sessionId: string | null,
): Whereabouts | null {
  requireParticipant(actor, "move between sessions");
  if (sessionId !== null) requireSession(state, sessionId);
  const current = state.whereabouts[actor.id];
  if (current !== undefined && current.sessionId === sessionId && current.name === actor.name)
    return null;
  const visited = current?.visited ?? [];
  return {
    name: actor.name,
    sessionId,
    visited: sessionId === null || visited.includes(sessionId) ? visited : [...visited, sessionId],
  };
}

/** How someone moves, in Owen's words. */
export type Mover = "bumblebee" | "butterfly" | "settled";

/**
 * A butterfly is at no session now; a bumblebee has been to at least `bumblebeeVisits` sessions
 * (cross-pollinating); everyone else is settled in a group.
 */
export function moverKind(state: OpenSpaceState, participantId: string): Mover | null {
  const where = state.whereabouts[participantId];
  if (where === undefined) return null;
  if (where.sessionId === null) return "butterfly";
  return where.visited.length >= OPEN_SPACE_LIMITS.bumblebeeVisits ? "bumblebee" : "settled";
}

/** Session id → who is there now; butterflies under `null`. */
export function whoIsWhere(state: OpenSpaceState): {
  bySession: Record<string, string[]>;
  butterflies: string[];
} {
  const bySession: Record<string, string[]> = {};
  const butterflies: string[] = [];
  for (const [who, where] of Object.entries(state.whereabouts)) {
    if (where.sessionId === null) {
      butterflies.push(who);
      continue;
    }
    const here = bySession[where.sessionId] ?? [];
    here.push(who);
    bySession[where.sessionId] = here;
  }
  return { bySession, butterflies };
}

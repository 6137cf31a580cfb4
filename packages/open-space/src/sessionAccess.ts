import { OpenSpaceError, OpenSpaceErrorCode } from "./OpenSpaceError";
import type { Actor, OpenSpaceState, Session } from "./openSpaceTypes";

/** The session, or `unknown-session`. */
export function requireSession(
  state: Pick<OpenSpaceState, "sessions">,
  sessionId: string,
): Session {
  const session = Object.hasOwn(state.sessions, sessionId) ? state.sessions[sessionId] : undefined;
  if (session === undefined) {
    throw new OpenSpaceError(OpenSpaceErrorCode.UnknownSession, "There is no such session.", {
      sessionId,
      field: "sessionId",
    });
  }
  return session;
}

/** Whether `actor` convenes `session`. */
export function convenes(session: Session, actorId: string): boolean {
  return session.conveners.some((c) => c.id === actorId);
}

/** Conveners change their own sessions, facilitators any; everyone else gets `not-allowed`. */
export function requireMayChange(session: Session, actor: Actor): void {
  if (
    actor.role === "facilitator" ||
    (actor.role === "participant" && convenes(session, actor.id))
  ) {
    return;
  }
  throw new OpenSpaceError(
    OpenSpaceErrorCode.NotAllowed,
    "Only the session's conveners and facilitators may change it.",
    { sessionId: session.id },
  );
}

/** Facilitators only. */
export function requireFacilitator(actor: Actor, what: string): void {
  if (actor.role !== "facilitator") {
    throw new OpenSpaceError(OpenSpaceErrorCode.NotAllowed, `Only facilitators may ${what}.`);
  }
}

/** Anyone taking part (not observers). */
export function requireParticipant(actor: Actor, what: string): void {
  if (actor.role === "observer") {
    throw new OpenSpaceError(OpenSpaceErrorCode.NotAllowed, `Observers may not ${what}.`);
  }
}

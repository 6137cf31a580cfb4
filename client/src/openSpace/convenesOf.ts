import type { Session } from "@tablecloth/open-space";

/** Whether `participantId` convenes `session`. */
export function convenesOf(session: Session, participantId: string): boolean {
  return session.conveners.some((c) => c.id === participantId);
}

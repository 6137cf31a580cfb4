import { isFull, type OpenSpaceState, type Session, signUpCount } from "@tablecloth/open-space";
import type { OpenSpaceSession } from "@tablecloth/protocol";

/** A session as the API answers it. */
export function sessionToApi(state: OpenSpaceState, session: Session): OpenSpaceSession {
  const first = session.conveners[0];
  return {
    id: session.id,
    title: session.title,
    description: session.description,
    convenerId: first?.id ?? "",
    convenerName: first?.name ?? "",
    conveners: session.conveners.map((c) => ({ id: c.id, name: c.name })),
    spaceId: session.spaceId,
    slotId: session.slotId,
    boardId: session.boardId,
    docName: session.docName,
    capacity: session.capacity,
    signUps: signUpCount(state, session.id),
    full: isFull(state, session.id),
    merged: session.merged.map((m) => ({ ...m })),
    hasReport: Object.hasOwn(state.reports, session.id),
  };
}

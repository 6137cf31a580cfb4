import { OpenSpaceError, OpenSpaceErrorCode } from "./OpenSpaceError";
import type { Actor, Convener, OpenSpaceState, Session } from "./openSpaceTypes";
import { requireFacilitator, requireSession } from "./sessionAccess";
import { withoutSession } from "./withoutSession";

/**
 * Merges the duplicate `fromId` into `intoId` (facilitators): `into` keeps its cell and board and
 * gains `from`'s conveners, description and every sign-up (even past its capacity: a merge never
 * drops anyone; the capacity only closes it to newcomers). People at `from` now are at `into`,
 * `from`'s report moves over when `into` has none, and `from`'s cell is freed. `from`'s board is
 * remembered in `merged`, so the proceedings still link it.
 */
export function mergeSessions(
  state: OpenSpaceState,
  actor: Actor,
  intoId: string,
  fromId: string,
): OpenSpaceState {
  requireFacilitator(actor, "merge sessions");
  if (intoId === fromId) {
    throw new OpenSpaceError(OpenSpaceErrorCode.SelfMerge, "A session cannot merge into itself.", {
      sessionId: intoId,
    });
  }
  const into = requireSession(state, intoId);
  const from = requireSession(state, fromId);
  const conveners: Convener[] = [...into.conveners];
  for (const c of from.conveners) if (!conveners.some((k) => k.id === c.id)) conveners.push(c);
  const description = [into.description, from.description].filter((d) => d.length > 0).join("\n\n");
  const merged: Session = {
    ...into,
    conveners,
    description,
    capacity: into.capacity === null || from.capacity === null ? null : into.capacity,
    merged: [
      ...into.merged,
      { id: from.id, title: from.title, boardId: from.boardId, docName: from.docName },
      ...from.merged,
    ],
  };
  const next = withoutSession(state, fromId, intoId);
  return { ...next, sessions: { ...next.sessions, [intoId]: merged } };
}

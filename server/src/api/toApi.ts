import { shownName } from "@tablecloth/controls";
import { type Board, type Event, joinPath, type Participant } from "@tablecloth/protocol";
import type { BoardRecord, EventRecord, ParticipantRecord } from "../events/EventStore";

/** The API shapes of store records (shared with the client through `@tablecloth/protocol`). */
export function eventToApi(event: EventRecord): Event {
  return {
    id: event.id,
    title: event.title,
    purpose: event.purpose,
    format: event.format,
    joinCode: event.joinCode,
    joinOpen: event.joinOpen,
    joinPath: joinPath(event.joinCode),
    controlDocName: event.controlDocName,
    createdAt: event.createdAt,
  };
}

export function participantToApi(participant: ParticipantRecord): Participant {
  return {
    id: participant.id,
    name: participant.name,
    role: participant.role,
    joinedAt: participant.joinedAt,
  };
}

/**
 * `participant` as `viewerId` may see them: in anonymous mode everyone but the viewer themselves
 * is shown with the neutral label (facilitators included: nobody is named to anybody).
 */
export function participantAsSeen(
  participant: ParticipantRecord,
  viewerId: string,
  anonymous: boolean,
): Participant {
  const shown = participantToApi(participant);
  if (participant.id === viewerId) return shown;
  return { ...shown, name: shownName(participant.name, anonymous) };
}

export function boardToApi(board: BoardRecord): Board {
  return {
    id: board.id,
    eventId: board.eventId,
    kind: board.kind,
    title: board.title,
    question: board.question,
    docName: board.docName,
    createdAt: board.createdAt,
  };
}

import type { BoardKind, EventFormat, Role } from "@tablecloth/protocol";

/** An event's row. */
export interface EventRecord {
  id: string;
  title: string;
  purpose: string;
  format: EventFormat;
  /** Normalised (uppercase) join code; unique across events. */
  joinCode: string;
  /** False once a facilitator closed the join code; rotating it opens joining again. */
  joinOpen: boolean;
  controlDocName: string;
  /** Epoch milliseconds. */
  createdAt: number;
}

/** A person in an event. Removal is kept (not deleted) so their history keeps its author. */
export interface ParticipantRecord {
  id: string;
  eventId: string;
  name: string;
  role: Role;
  joinedAt: number;
  /** Epoch milliseconds of removal; null while they belong to the event. */
  removedAt: number | null;
}

export interface BoardRecord {
  id: string;
  eventId: string;
  kind: BoardKind;
  title: string;
  question: string | null;
  docName: string;
  createdAt: number;
}

/** A single-use code that makes its redeemer a facilitator of the event. */
export interface InviteRecord {
  code: string;
  eventId: string;
  role: Role;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  /** Set when redeemed; a redeemed code opens nothing more. */
  usedAt: number | null;
}

/** Which event owns a doc, and what the doc is to it. */
export type DocOwner =
  | { kind: "control"; eventId: string; docName: string }
  | { kind: "board"; eventId: string; docName: string; boardId: string; boardKind: BoardKind };

/** Why an invite could not be redeemed. */
export type RedeemInviteResult =
  | { ok: true; invite: InviteRecord; participant: ParticipantRecord }
  | { ok: false; reason: "unknown" | "used" | "expired" };

/**
 * Relational metadata of events, participants, boards and invites. SQLite now
 * (`SqliteEventStore`); async so that a Postgres backend can follow with the same contract suite
 * (`eventStoreContract`).
 */
export interface EventStore {
  /** Creates the event and its first facilitator in one transaction. */
  createEvent(event: EventRecord, facilitator: ParticipantRecord): Promise<void>;
  getEvent(eventId: string): Promise<EventRecord | null>;
  /** Changes the title and/or purpose; null when no such event. */
  updateEvent(
    eventId: string,
    patch: { title?: string | undefined; purpose?: string | undefined },
  ): Promise<EventRecord | null>;
  /** `code` must already be normalised. */
  findEventByJoinCode(code: string): Promise<EventRecord | null>;

  /**
   * Replaces the event's join code and opens or closes joining; the old code finds nothing from
   * then on. `DuplicateKeyError` when another event has `joinCode` (the caller draws another).
   * Null when no such event.
   */
  setJoinCode(eventId: string, joinCode: string, joinOpen: boolean): Promise<EventRecord | null>;

  addParticipant(participant: ParticipantRecord): Promise<void>;
  /**
   * Adds the participant unless the event already has `maxMembers` people who were not removed,
   * checked and inserted in one transaction so concurrent joins cannot overshoot the cap.
   */
  addParticipantWithin(participant: ParticipantRecord, maxMembers: number): Promise<boolean>;
  getParticipant(participantId: string): Promise<ParticipantRecord | null>;
  /** People who were not removed, in joining order. */
  listParticipants(eventId: string): Promise<ParticipantRecord[]>;
  /** Renames; null when no such participant. */
  renameParticipant(participantId: string, name: string): Promise<ParticipantRecord | null>;
  /** Marks removed (once; a second call keeps the first time); null when no such participant. */
  removeParticipant(participantId: string, at: number): Promise<ParticipantRecord | null>;

  createBoard(board: BoardRecord): Promise<void>;
  getBoard(boardId: string): Promise<BoardRecord | null>;
  /** Changes the title and/or question (null clears it); null when no such board. */
  updateBoard(
    boardId: string,
    patch: { title?: string | undefined; question?: string | null | undefined },
  ): Promise<BoardRecord | null>;
  /** The event's boards, in creation order. */
  listBoards(eventId: string): Promise<BoardRecord[]>;
  /** Who owns a doc name; null for a name no event made. */
  findDocOwner(docName: string): Promise<DocOwner | null>;

  createInvite(invite: InviteRecord): Promise<void>;
  /**
   * Redeems a single-use invite and adds the participant it admits, in one transaction;
   * `participant.role` and `participant.eventId` are taken from the invite.
   */
  redeemInvite(
    code: string,
    at: number,
    participant: Omit<ParticipantRecord, "role" | "eventId">,
  ): Promise<RedeemInviteResult>;
}

/** A unique value (join code, invite code, id) was already taken; the caller draws another. */
export class DuplicateKeyError extends Error {
  override readonly name = "DuplicateKeyError";
}

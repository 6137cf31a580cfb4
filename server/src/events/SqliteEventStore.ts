import type { Database, Statement } from "better-sqlite3";
import {
  type BoardRecord,
  type DocOwner,
  DuplicateKeyError,
  type EventRecord,
  type EventStore,
  type InviteRecord,
  type ParticipantRecord,
  type RedeemInviteResult,
} from "./EventStore";
import {
  type BoardRow,
  type EventRow,
  type InviteRow,
  type ParticipantRow,
  toBoard,
  toEvent,
  toInvite,
  toParticipant,
} from "./eventRows";

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/** Runs `fn`, turning a UNIQUE/PRIMARY KEY violation into `DuplicateKeyError`. */
function uniquely<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateKeyError(`${what} already exists`);
    throw error;
  }
}

/**
 * `EventStore` on better-sqlite3, sharing the server's database file with the doc store. The
 * schema must have been migrated (`eventMigrations`) before construction.
 */
export class SqliteEventStore implements EventStore {
  private readonly stmt: {
    insertEvent: Statement<[EventRow]>;
    setJoinCode: Statement<[string, number, string]>;
    countMembers: Statement<[string], { n: number }>;
    getEvent: Statement<[string], EventRow>;
    eventByCode: Statement<[string], EventRow>;
    insertParticipant: Statement<[ParticipantRow]>;
    getParticipant: Statement<[string], ParticipantRow>;
    listParticipants: Statement<[string], ParticipantRow>;
    renameParticipant: Statement<[string, string]>;
    removeParticipant: Statement<[number, string]>;
    insertBoard: Statement<[BoardRow]>;
    listBoards: Statement<[string], BoardRow>;
    getBoard: Statement<[string], BoardRow>;
    updateBoard: Statement<[string, string | null, string]>;
    updateEvent: Statement<[string, string, string]>;
    boardByDoc: Statement<[string], BoardRow>;
    eventByControlDoc: Statement<[string], EventRow>;
    insertInvite: Statement<[InviteRow]>;
    getInvite: Statement<[string], InviteRow>;
    useInvite: Statement<[number, string]>;
  };

  constructor(private readonly db: Database) {
    this.stmt = {
      insertEvent: db.prepare(
        "INSERT INTO events (id, title, purpose, format, join_code, join_open, control_doc_name, created_at) VALUES (@id, @title, @purpose, @format, @join_code, @join_open, @control_doc_name, @created_at)",
      ),
      getEvent: db.prepare("SELECT * FROM events WHERE id = ?"),
      setJoinCode: db.prepare("UPDATE events SET join_code = ?, join_open = ? WHERE id = ?"),
      countMembers: db.prepare(
        "SELECT count(*) AS n FROM participants WHERE event_id = ? AND removed_at IS NULL",
      ),
      eventByCode: db.prepare("SELECT * FROM events WHERE join_code = ?"),
      insertParticipant: db.prepare(
        "INSERT INTO participants (id, event_id, name, role, joined_at, removed_at) VALUES (@id, @event_id, @name, @role, @joined_at, @removed_at)",
      ),
      getParticipant: db.prepare("SELECT * FROM participants WHERE id = ?"),
      listParticipants: db.prepare(
        "SELECT * FROM participants WHERE event_id = ? AND removed_at IS NULL ORDER BY joined_at, rowid",
      ),
      renameParticipant: db.prepare("UPDATE participants SET name = ? WHERE id = ?"),
      removeParticipant: db.prepare(
        "UPDATE participants SET removed_at = ? WHERE id = ? AND removed_at IS NULL",
      ),
      insertBoard: db.prepare(
        "INSERT INTO boards (id, event_id, kind, title, question, doc_name, created_at) VALUES (@id, @event_id, @kind, @title, @question, @doc_name, @created_at)",
      ),
      listBoards: db.prepare("SELECT * FROM boards WHERE event_id = ? ORDER BY created_at, rowid"),
      boardByDoc: db.prepare("SELECT * FROM boards WHERE doc_name = ?"),
      getBoard: db.prepare("SELECT * FROM boards WHERE id = ?"),
      updateBoard: db.prepare("UPDATE boards SET title = ?, question = ? WHERE id = ?"),
      updateEvent: db.prepare("UPDATE events SET title = ?, purpose = ? WHERE id = ?"),
      eventByControlDoc: db.prepare("SELECT * FROM events WHERE control_doc_name = ?"),
      insertInvite: db.prepare(
        "INSERT INTO invites (code, event_id, role, created_by, created_at, expires_at, used_at) VALUES (@code, @event_id, @role, @created_by, @created_at, @expires_at, @used_at)",
      ),
      getInvite: db.prepare("SELECT * FROM invites WHERE code = ?"),
      useInvite: db.prepare("UPDATE invites SET used_at = ? WHERE code = ? AND used_at IS NULL"),
    };
  }

  async createEvent(event: EventRecord, facilitator: ParticipantRecord): Promise<void> {
    const run = this.db.transaction(() => {
      this.stmt.insertEvent.run({
        id: event.id,
        title: event.title,
        purpose: event.purpose,
        format: event.format,
        join_code: event.joinCode,
        join_open: event.joinOpen ? 1 : 0,
        control_doc_name: event.controlDocName,
        created_at: event.createdAt,
      });
      this.insertParticipant(facilitator);
    });
    uniquely("event", () => run());
  }

  async getEvent(eventId: string): Promise<EventRecord | null> {
    const row = this.stmt.getEvent.get(eventId);
    return row ? toEvent(row) : null;
  }

  async updateEvent(
    eventId: string,
    patch: { title?: string | undefined; purpose?: string | undefined },
  ): Promise<EventRecord | null> {
    const run = this.db.transaction((): EventRecord | null => {
      const row = this.stmt.getEvent.get(eventId);
      if (!row) return null;
      const title = patch.title ?? row.title;
      const purpose = patch.purpose ?? row.purpose;
      this.stmt.updateEvent.run(title, purpose, eventId);
      return toEvent({ ...row, title, purpose });
    });
    return run();
  }

  async findEventByJoinCode(code: string): Promise<EventRecord | null> {
    const row = this.stmt.eventByCode.get(code);
    return row ? toEvent(row) : null;
  }

  async setJoinCode(
    eventId: string,
    joinCode: string,
    joinOpen: boolean,
  ): Promise<EventRecord | null> {
    const run = this.db.transaction((): EventRecord | null => {
      const row = this.stmt.getEvent.get(eventId);
      if (!row) return null;
      this.stmt.setJoinCode.run(joinCode, joinOpen ? 1 : 0, eventId);
      return toEvent({ ...row, join_code: joinCode, join_open: joinOpen ? 1 : 0 });
    });
    return uniquely("join code", () => run());
  }

  async addParticipant(participant: ParticipantRecord): Promise<void> {
    uniquely("participant", () => this.insertParticipant(participant));
  }

  async addParticipantWithin(participant: ParticipantRecord, maxMembers: number): Promise<boolean> {
    const run = this.db.transaction((): boolean => {
      const members = this.stmt.countMembers.get(participant.eventId)?.n ?? 0;
      if (members >= maxMembers) return false;
      this.insertParticipant(participant);
      return true;
    });
    return uniquely("participant", () => run());
  }

  private insertParticipant(p: ParticipantRecord): void {
    this.stmt.insertParticipant.run({
      id: p.id,
      event_id: p.eventId,
      name: p.name,
      role: p.role,
      joined_at: p.joinedAt,
      removed_at: p.removedAt,
    });
  }

  async getParticipant(participantId: string): Promise<ParticipantRecord | null> {
    const row = this.stmt.getParticipant.get(participantId);
    return row ? toParticipant(row) : null;
  }

  async listParticipants(eventId: string): Promise<ParticipantRecord[]> {
    return this.stmt.listParticipants.all(eventId).map(toParticipant);
  }

  async renameParticipant(participantId: string, name: string): Promise<ParticipantRecord | null> {
    this.stmt.renameParticipant.run(name, participantId);
    return this.getParticipant(participantId);
  }

  async removeParticipant(participantId: string, at: number): Promise<ParticipantRecord | null> {
    this.stmt.removeParticipant.run(at, participantId);
    return this.getParticipant(participantId);
  }

  async createBoard(board: BoardRecord): Promise<void> {
    uniquely("board", () =>
      this.stmt.insertBoard.run({
        id: board.id,
        event_id: board.eventId,
        kind: board.kind,
        title: board.title,
        question: board.question,
        doc_name: board.docName,
        created_at: board.createdAt,
      }),
    );
  }

  async getBoard(boardId: string): Promise<BoardRecord | null> {
    const row = this.stmt.getBoard.get(boardId);
    return row ? toBoard(row) : null;
  }

  async updateBoard(
    boardId: string,
    patch: { title?: string | undefined; question?: string | null | undefined },
  ): Promise<BoardRecord | null> {
    const run = this.db.transaction((): BoardRecord | null => {
      const row = this.stmt.getBoard.get(boardId);
      if (!row) return null;
      const title = patch.title ?? row.title;
      const question = patch.question === undefined ? row.question : patch.question;
      this.stmt.updateBoard.run(title, question, boardId);
      return toBoard({ ...row, title, question });
    });
    return run();
  }

  async listBoards(eventId: string): Promise<BoardRecord[]> {
    return this.stmt.listBoards.all(eventId).map(toBoard);
  }

  async findDocOwner(docName: string): Promise<DocOwner | null> {
    const event = this.stmt.eventByControlDoc.get(docName);
    if (event) return { kind: "control", eventId: event.id, docName };
    const row = this.stmt.boardByDoc.get(docName);
    if (!row) return null;
    const board = toBoard(row);
    return {
      kind: "board",
      eventId: board.eventId,
      docName,
      boardId: board.id,
      boardKind: board.kind,
    };
  }

  async createInvite(invite: InviteRecord): Promise<void> {
    uniquely("invite", () =>
      this.stmt.insertInvite.run({
        code: invite.code,
        event_id: invite.eventId,
        role: invite.role,
        created_by: invite.createdBy,
        created_at: invite.createdAt,
        expires_at: invite.expiresAt,
        used_at: invite.usedAt,
      }),
    );
  }

  async redeemInvite(
    code: string,
    at: number,
    participant: Omit<ParticipantRecord, "role" | "eventId">,
  ): Promise<RedeemInviteResult> {
    const run = this.db.transaction((): RedeemInviteResult => {
      const row = this.stmt.getInvite.get(code);
      if (!row) return { ok: false, reason: "unknown" };
      const invite = toInvite(row);
      if (invite.usedAt !== null) return { ok: false, reason: "used" };
      if (invite.expiresAt <= at) return { ok: false, reason: "expired" };
      this.stmt.useInvite.run(at, code);
      const joiner: ParticipantRecord = {
        ...participant,
        role: invite.role,
        eventId: invite.eventId,
      };
      this.insertParticipant(joiner);
      return { ok: true, invite: { ...invite, usedAt: at }, participant: joiner };
    });
    return uniquely("participant", () => run());
  }
}

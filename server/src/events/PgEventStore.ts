import {
  type PgMigration,
  pgTransaction,
  runPgMigrations,
  type StorageLogger,
} from "@tablecloth/storage";
import type pg from "pg";
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
import { EVENTS_MIGRATION_MODULE } from "./eventMigrations";
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

/**
 * The events schema on PostgreSQL: the same tables as SQLite's (`eventMigrations`), with an
 * identity column `ord` where SQLite orders ties by rowid. Never edit a shipped step: append.
 */
export const pgEventMigrations: readonly PgMigration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE events (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        purpose TEXT NOT NULL,
        format TEXT NOT NULL,
        join_code TEXT NOT NULL UNIQUE,
        join_open BOOLEAN NOT NULL DEFAULT TRUE,
        control_doc_name TEXT NOT NULL UNIQUE,
        created_at BIGINT NOT NULL
      );
      CREATE TABLE participants (
        ord BIGINT GENERATED ALWAYS AS IDENTITY,
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id),
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        joined_at BIGINT NOT NULL,
        removed_at BIGINT
      );
      CREATE INDEX participants_by_event ON participants(event_id, joined_at, ord);
      CREATE TABLE boards (
        ord BIGINT GENERATED ALWAYS AS IDENTITY,
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id),
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        question TEXT,
        doc_name TEXT NOT NULL UNIQUE,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX boards_by_event ON boards(event_id, created_at, ord);
      CREATE TABLE invites (
        code TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id),
        role TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        used_at BIGINT
      );
    `,
  },
];

const EVENT_COLUMNS =
  "id, title, purpose, format, join_code, join_open, control_doc_name, created_at";
const PARTICIPANT_COLUMNS = "id, event_id, name, role, joined_at, removed_at";
const BOARD_COLUMNS = "id, event_id, kind, title, question, doc_name, created_at";

/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = "23505";

async function uniquely<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === UNIQUE_VIOLATION) {
      throw new DuplicateKeyError(`${what} already exists`);
    }
    throw error;
  }
}

type Queryable = Pick<pg.PoolClient, "query">;

/**
 * `EventStore` on PostgreSQL, for several instances sharing one database. Every check-then-write
 * (the member cap, redeeming an invite) is one transaction that locks the row it decides on, so
 * concurrent calls on any instances cannot overshoot a cap or redeem a code twice.
 */
export class PgEventStore implements EventStore {
  /** Migrates the events schema in the pool's schema and opens the store (the pool stays the caller's). */
  static async open(pool: pg.Pool, logger?: StorageLogger): Promise<PgEventStore> {
    await runPgMigrations(pool, EVENTS_MIGRATION_MODULE, pgEventMigrations, logger);
    return new PgEventStore(pool);
  }

  private constructor(private readonly pool: pg.Pool) {}

  async createEvent(event: EventRecord, facilitator: ParticipantRecord): Promise<void> {
    await uniquely("event", () =>
      this.transaction(async (client) => {
        await client.query(
          `INSERT INTO events (${EVENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            event.id,
            event.title,
            event.purpose,
            event.format,
            event.joinCode,
            event.joinOpen,
            event.controlDocName,
            event.createdAt,
          ],
        );
        await insertParticipant(client, facilitator);
      }),
    );
  }

  async getEvent(eventId: string): Promise<EventRecord | null> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE id = $1`,
      [eventId],
    );
    return rows[0] ? toEvent(rows[0]) : null;
  }

  async updateEvent(
    eventId: string,
    patch: { title?: string | undefined; purpose?: string | undefined },
  ): Promise<EventRecord | null> {
    const { rows } = await this.pool.query<EventRow>(
      `UPDATE events SET title = COALESCE($2, title), purpose = COALESCE($3, purpose)
       WHERE id = $1 RETURNING ${EVENT_COLUMNS}`,
      [eventId, patch.title ?? null, patch.purpose ?? null],
    );
    return rows[0] ? toEvent(rows[0]) : null;
  }

  async findEventByJoinCode(code: string): Promise<EventRecord | null> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE join_code = $1`,
      [code],
    );
    return rows[0] ? toEvent(rows[0]) : null;
  }

  async setJoinCode(
    eventId: string,
    joinCode: string,
    joinOpen: boolean,
  ): Promise<EventRecord | null> {
    const { rows } = await uniquely("join code", () =>
      this.pool.query<EventRow>(
        `UPDATE events SET join_code = $2, join_open = $3 WHERE id = $1 RETURNING ${EVENT_COLUMNS}`,
        [eventId, joinCode, joinOpen],
      ),
    );
    return rows[0] ? toEvent(rows[0]) : null;
  }

  async addParticipant(participant: ParticipantRecord): Promise<void> {
    await uniquely("participant", () => insertParticipant(this.pool, participant));
  }

  async addParticipantWithin(participant: ParticipantRecord, maxMembers: number): Promise<boolean> {
    return uniquely("participant", () =>
      this.transaction(async (client) => {
        // The event's row is the lock every join of the event takes: joins count one at a time.
        await client.query("SELECT 1 FROM events WHERE id = $1 FOR UPDATE", [participant.eventId]);
        const { rows } = await client.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM participants WHERE event_id = $1 AND removed_at IS NULL",
          [participant.eventId],
        );
        if ((rows[0]?.n ?? 0) >= maxMembers) return false;
        await insertParticipant(client, participant);
        return true;
      }),
    );
  }

  async getParticipant(participantId: string): Promise<ParticipantRecord | null> {
    const { rows } = await this.pool.query<ParticipantRow>(
      `SELECT ${PARTICIPANT_COLUMNS} FROM participants WHERE id = $1`,
      [participantId],
    );
    return rows[0] ? toParticipant(rows[0]) : null;
  }

  async listParticipants(eventId: string): Promise<ParticipantRecord[]> {
    const { rows } = await this.pool.query<ParticipantRow>(
      `SELECT ${PARTICIPANT_COLUMNS} FROM participants
       WHERE event_id = $1 AND removed_at IS NULL ORDER BY joined_at, ord`,
      [eventId],
    );
    return rows.map(toParticipant);
  }

  async renameParticipant(participantId: string, name: string): Promise<ParticipantRecord | null> {
    const { rows } = await this.pool.query<ParticipantRow>(
      `UPDATE participants SET name = $2 WHERE id = $1 RETURNING ${PARTICIPANT_COLUMNS}`,
      [participantId, name],
    );
    return rows[0] ? toParticipant(rows[0]) : null;
  }

  async removeParticipant(participantId: string, at: number): Promise<ParticipantRecord | null> {
    await this.pool.query(
      "UPDATE participants SET removed_at = $2 WHERE id = $1 AND removed_at IS NULL",
      [participantId, at],
    );
    return this.getParticipant(participantId);
  }

  async createBoard(board: BoardRecord): Promise<void> {
    await uniquely("board", () =>
      this.pool.query(`INSERT INTO boards (${BOARD_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        board.id,
        board.eventId,
        board.kind,
        board.title,
        board.question,
        board.docName,
        board.createdAt,
      ]),
    );
  }

  async getBoard(boardId: string): Promise<BoardRecord | null> {
    const { rows } = await this.pool.query<BoardRow>(
      `SELECT ${BOARD_COLUMNS} FROM boards WHERE id = $1`,
      [boardId],
    );
    return rows[0] ? toBoard(rows[0]) : null;
  }

  async updateBoard(
    boardId: string,
    patch: { title?: string | undefined; question?: string | null | undefined },
  ): Promise<BoardRecord | null> {
    // $3 says whether the question is set at all: null is a value ("clear it") here.
    const { rows } = await this.pool.query<BoardRow>(
      `UPDATE boards SET title = COALESCE($2, title),
         question = CASE WHEN $3::boolean THEN $4 ELSE question END
       WHERE id = $1 RETURNING ${BOARD_COLUMNS}`,
      [boardId, patch.title ?? null, patch.question !== undefined, patch.question ?? null],
    );
    return rows[0] ? toBoard(rows[0]) : null;
  }

  async listBoards(eventId: string): Promise<BoardRecord[]> {
    const { rows } = await this.pool.query<BoardRow>(
      `SELECT ${BOARD_COLUMNS} FROM boards WHERE event_id = $1 ORDER BY created_at, ord`,
      [eventId],
    );
    return rows.map(toBoard);
  }

  async findDocOwner(docName: string): Promise<DocOwner | null> {
    const control = await this.pool.query<{ id: string }>(
      "SELECT id FROM events WHERE control_doc_name = $1",
      [docName],
    );
    if (control.rows[0]) return { kind: "control", eventId: control.rows[0].id, docName };
    const { rows } = await this.pool.query<BoardRow>(
      `SELECT ${BOARD_COLUMNS} FROM boards WHERE doc_name = $1`,
      [docName],
    );
    if (!rows[0]) return null;
    const board = toBoard(rows[0]);
    return {
      kind: "board",
      eventId: board.eventId,
      docName,
      boardId: board.id,
      boardKind: board.kind,
    };
  }

  async createInvite(invite: InviteRecord): Promise<void> {
    await uniquely("invite", () =>
      this.pool.query(
        `INSERT INTO invites (code, event_id, role, created_by, created_at, expires_at, used_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          invite.code,
          invite.eventId,
          invite.role,
          invite.createdBy,
          invite.createdAt,
          invite.expiresAt,
          invite.usedAt,
        ],
      ),
    );
  }

  async redeemInvite(
    code: string,
    at: number,
    participant: Omit<ParticipantRecord, "role" | "eventId">,
  ): Promise<RedeemInviteResult> {
    return uniquely("participant", () =>
      this.transaction(async (client): Promise<RedeemInviteResult> => {
        const { rows } = await client.query<InviteRow>(
          `SELECT code, event_id, role, created_by, created_at, expires_at, used_at
           FROM invites WHERE code = $1 FOR UPDATE`,
          [code],
        );
        if (!rows[0]) return { ok: false, reason: "unknown" };
        const invite = toInvite(rows[0]);
        if (invite.usedAt !== null) return { ok: false, reason: "used" };
        if (invite.expiresAt <= at) return { ok: false, reason: "expired" };
        await client.query("UPDATE invites SET used_at = $1 WHERE code = $2", [at, code]);
        const joiner: ParticipantRecord = {
          ...participant,
          role: invite.role,
          eventId: invite.eventId,
        };
        await insertParticipant(client, joiner);
        return { ok: true, invite: { ...invite, usedAt: at }, participant: joiner };
      }),
    );
  }

  private transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return pgTransaction(this.pool, work);
  }
}

async function insertParticipant(client: Queryable, p: ParticipantRecord): Promise<void> {
  await client.query(
    `INSERT INTO participants (${PARTICIPANT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`,
    [p.id, p.eventId, p.name, p.role, p.joinedAt, p.removedAt],
  );
}

import { BoardKindSchema, EventFormatSchema, RoleSchema } from "@tablecloth/protocol";
import type { BoardRecord, EventRecord, InviteRecord, ParticipantRecord } from "./EventStore";

/*
 * The rows of the events tables, and their records, shared by the SQLite and PostgreSQL event
 * stores (the same columns in both).
 */

/** An `events` row as both backends return it (SQLite keeps booleans as 0/1). */
export interface EventRow {
  id: string;
  title: string;
  purpose: string;
  format: string;
  join_code: string;
  join_open: number | boolean;
  control_doc_name: string;
  created_at: number;
}
export interface ParticipantRow {
  id: string;
  event_id: string;
  name: string;
  role: string;
  joined_at: number;
  removed_at: number | null;
}
export interface BoardRow {
  id: string;
  event_id: string;
  kind: string;
  title: string;
  question: string | null;
  doc_name: string;
  created_at: number;
}
export interface InviteRow {
  code: string;
  event_id: string;
  role: string;
  created_by: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export function toEvent(row: EventRow): EventRecord {
  return {
    id: row.id,
    title: row.title,
    purpose: row.purpose,
    format: EventFormatSchema.parse(row.format),
    joinCode: row.join_code,
    joinOpen: row.join_open === true || row.join_open === 1,
    controlDocName: row.control_doc_name,
    createdAt: row.created_at,
  };
}
export function toParticipant(row: ParticipantRow): ParticipantRecord {
  return {
    id: row.id,
    eventId: row.event_id,
    name: row.name,
    role: RoleSchema.parse(row.role),
    joinedAt: row.joined_at,
    removedAt: row.removed_at,
  };
}
export function toBoard(row: BoardRow): BoardRecord {
  return {
    id: row.id,
    eventId: row.event_id,
    kind: BoardKindSchema.parse(row.kind),
    title: row.title,
    question: row.question,
    docName: row.doc_name,
    createdAt: row.created_at,
  };
}
export function toInvite(row: InviteRow): InviteRecord {
  return {
    code: row.code,
    eventId: row.event_id,
    role: RoleSchema.parse(row.role),
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
  };
}

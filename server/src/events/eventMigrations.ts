import type { Migration } from "@tablecloth/storage";

/**
 * Versioned schema of the events module, applied in order at start-up by `runMigrations`
 * (`@tablecloth/storage`), each in its own transaction. Never edit a shipped migration: append.
 */
export const EVENTS_MIGRATION_MODULE = "events";

export const eventMigrations: readonly Migration[] = [
  {
    version: 1,
    // events, participants, boards, invites
    up: (db) =>
      db.exec(`
CREATE TABLE events (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  purpose TEXT NOT NULL,
  format TEXT NOT NULL,
  join_code TEXT NOT NULL UNIQUE,
  control_doc_name TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE TABLE participants (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events(id),
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  joined_at INTEGER NOT NULL,
  removed_at INTEGER
);
CREATE INDEX participants_by_event ON participants(event_id, joined_at);
CREATE TABLE boards (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events(id),
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  question TEXT,
  doc_name TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE INDEX boards_by_event ON boards(event_id, created_at);
CREATE TABLE invites (
  code TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events(id),
  role TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
`),
  },
  {
    version: 2,
    // A facilitator may close the join code (`join_open = 0`) and rotate it (a new `join_code`).
    up: (db) => db.exec("ALTER TABLE events ADD COLUMN join_open INTEGER NOT NULL DEFAULT 1;"),
  },
];

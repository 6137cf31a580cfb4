import type { Migration } from "./migrate";

/** The `schema_migrations` module name of the doc tables. */
export const STORAGE_MIGRATION_MODULE = "storage";

/**
 * The doc tables. `doc_log` is `WITHOUT ROWID`: rows are clustered by `(doc_id, seq)` (a doc's name is kept once, in `doc_names`; version 3), so a load
 * or a seek reads one contiguous range (measured: ~4–7× faster range reads, ~10% slower inserts,
 * still > 100,000 small updates/s). `doc_checkpoint` keeps rowids because its rows are large.
 */
export const storageMigrations: readonly Migration[] = [
  {
    version: 1,
    up(db) {
      db.exec(`
        CREATE TABLE doc_log (
          doc_name TEXT NOT NULL,
          seq INTEGER NOT NULL,
          at INTEGER NOT NULL,
          author TEXT NOT NULL,
          "update" BLOB NOT NULL,
          PRIMARY KEY (doc_name, seq)
        ) WITHOUT ROWID;
        CREATE TABLE doc_checkpoint (
          doc_name TEXT NOT NULL,
          seq INTEGER NOT NULL,
          at INTEGER NOT NULL,
          state BLOB NOT NULL,
          PRIMARY KEY (doc_name, seq)
        );
      `);
    },
  },
  {
    // History accounting: each doc's log bytes (the quota), and per checkpoint the log bytes it
    // covers (thinning). Existing checkpoints are thinned at their doc's next checkpoint.
    version: 2,
    up(db) {
      db.exec(`
        CREATE TABLE doc_usage (
          doc_name TEXT PRIMARY KEY,
          log_bytes INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO doc_usage (doc_name, log_bytes)
          SELECT doc_name, sum(length("update")) FROM doc_log GROUP BY doc_name;
        ALTER TABLE doc_checkpoint ADD COLUMN log_bytes INTEGER NOT NULL DEFAULT 0;
        UPDATE doc_checkpoint SET log_bytes = (
          SELECT sum(length(l."update")) FROM doc_log l
          WHERE l.doc_name = doc_checkpoint.doc_name AND l.seq <= doc_checkpoint.seq
        );
      `);
    },
  },
  {
    // Doc names (~33 bytes) once, in `doc_names`, and a small integer in every row instead: the
    // name repeated in each log row and in the clustered key was about half of a long history's
    // pages (measured: a 20,000-update doc's pages 3.02 MB → see tests/load/results/history-export.md).
    version: 3,
    up(db) {
      db.exec(`
        CREATE TABLE doc_names (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE
        );
        INSERT INTO doc_names (name)
          SELECT doc_name FROM doc_usage
          UNION SELECT doc_name FROM doc_log
          UNION SELECT doc_name FROM doc_checkpoint;

        CREATE TABLE doc_log_v3 (
          doc_id INTEGER NOT NULL,
          seq INTEGER NOT NULL,
          at INTEGER NOT NULL,
          author TEXT NOT NULL,
          "update" BLOB NOT NULL,
          PRIMARY KEY (doc_id, seq)
        ) WITHOUT ROWID;
        INSERT INTO doc_log_v3 (doc_id, seq, at, author, "update")
          SELECT n.id, l.seq, l.at, l.author, l."update" FROM doc_log l JOIN doc_names n ON n.name = l.doc_name;
        DROP TABLE doc_log;
        ALTER TABLE doc_log_v3 RENAME TO doc_log;

        CREATE TABLE doc_checkpoint_v3 (
          doc_id INTEGER NOT NULL,
          seq INTEGER NOT NULL,
          at INTEGER NOT NULL,
          state BLOB NOT NULL,
          log_bytes INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (doc_id, seq)
        );
        INSERT INTO doc_checkpoint_v3 (doc_id, seq, at, state, log_bytes)
          SELECT n.id, c.seq, c.at, c.state, c.log_bytes FROM doc_checkpoint c JOIN doc_names n ON n.name = c.doc_name;
        DROP TABLE doc_checkpoint;
        ALTER TABLE doc_checkpoint_v3 RENAME TO doc_checkpoint;

        CREATE TABLE doc_usage_v3 (
          doc_id INTEGER PRIMARY KEY,
          log_bytes INTEGER NOT NULL
        );
        INSERT INTO doc_usage_v3 (doc_id, log_bytes)
          SELECT n.id, u.log_bytes FROM doc_usage u JOIN doc_names n ON n.name = u.doc_name;
        DROP TABLE doc_usage;
        ALTER TABLE doc_usage_v3 RENAME TO doc_usage;
      `);
    },
  },
];

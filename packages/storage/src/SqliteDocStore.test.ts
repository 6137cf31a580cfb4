import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { StorageLogger } from "./Logger";
import { runMigrations } from "./migrate";
import { DEFAULT_BUSY_TIMEOUT_MS, openDatabase } from "./openDatabase";
import { SqliteDocStore, STORAGE_MIGRATION_MODULE, storageMigrations } from "./SqliteDocStore";

function update(value: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getArray<string>("items").push([value]);
  return Y.encodeStateAsUpdate(doc);
}

function migrationRows(db: Database.Database) {
  return db
    .prepare("SELECT module, version, applied_at FROM schema_migrations ORDER BY module, version")
    .all();
}

describe("SqliteDocStore", () => {
  let dir: string;
  let path: string;
  const opened: { close(): unknown }[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "tablecloth-sqlite-"));
    path = join(dir, "data.db");
  });

  afterEach(async () => {
    for (const o of opened.splice(0)) await o.close();
    await rm(dir, { recursive: true, force: true });
  });

  function raw(): Database.Database {
    const db = new Database(path);
    opened.push(db);
    return db;
  }

  it("migrates once: reopening leaves schema_migrations as it was", async () => {
    const logged: string[] = [];
    const logger: StorageLogger = {
      debug: () => {},
      info: (msg, fields) => logged.push(`${msg} ${JSON.stringify(fields)}`),
      warn: () => {},
      error: () => {},
    };
    const first = SqliteDocStore.open({ path, logger });
    await first.append([{ docName: "d", update: update("x"), at: 1, author: "a" }]);
    await first.close();
    const rows = migrationRows(raw());
    expect(rows).toEqual([
      { module: STORAGE_MIGRATION_MODULE, version: 1, applied_at: expect.any(Number) },
      { module: STORAGE_MIGRATION_MODULE, version: 2, applied_at: expect.any(Number) },
      { module: STORAGE_MIGRATION_MODULE, version: 3, applied_at: expect.any(Number) },
    ]);
    expect(logged).toEqual([
      `schema migration applied {"module":"storage","version":1}`,
      `schema migration applied {"module":"storage","version":2}`,
      `schema migration applied {"module":"storage","version":3}`,
    ]);

    for (let i = 0; i < 2; i++) {
      const again = SqliteDocStore.open({ path, logger });
      expect(await again.exists("d")).toBe(true);
      await again.close();
    }
    expect(migrationRows(raw())).toEqual(rows);
    expect(logged).toHaveLength(3);
  });

  it("opens the file in WAL mode", async () => {
    const store = SqliteDocStore.open({ path });
    opened.push(store);
    await store.append([{ docName: "d", update: update("x"), at: 1, author: "a" }]);
    // journal_mode=WAL is a property of the file, visible to any connection.
    expect(raw().pragma("journal_mode", { simple: true })).toBe("wal");
  });

  it("openDatabase sets WAL, synchronous=NORMAL and a busy timeout", () => {
    const db = openDatabase(path);
    opened.push(db);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("synchronous", { simple: true })).toBe(1);
    expect(db.pragma("busy_timeout", { simple: true })).toBe(DEFAULT_BUSY_TIMEOUT_MS);
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    // A fresh data dir: the directory is created.
    const quick = openDatabase(join(dir, "fresh", "data", "other.db"), { busyTimeoutMs: 250 });
    opened.push(quick);
    expect(quick.pragma("busy_timeout", { simple: true })).toBe(250);
  });

  it("shares a Database with the server's own tables and leaves it open on close", async () => {
    const db = openDatabase(path);
    opened.push(db);
    runMigrations(db, "server", [
      { version: 1, up: (d) => d.exec("CREATE TABLE events (id TEXT PRIMARY KEY, title TEXT)") },
    ]);
    const store = SqliteDocStore.fromDatabase(db);
    await store.append([{ docName: "d", update: update("x"), at: 1, author: "a" }]);
    db.prepare("INSERT INTO events (id, title) VALUES (?, ?)").run("e1", "Café");
    await store.close();

    // The connection is still the caller's to use.
    expect(db.prepare("SELECT title FROM events").pluck().get()).toBe("Café");
    expect(db.prepare("SELECT count(*) FROM doc_log").pluck().get()).toBe(1);
    expect(
      db.prepare("SELECT DISTINCT module FROM schema_migrations ORDER BY module").pluck().all(),
    ).toEqual(["server", STORAGE_MIGRATION_MODULE]);

    // A second store on the same connection continues the numbering from the file.
    const next = SqliteDocStore.fromDatabase(db);
    const result = await next.append([{ docName: "d", update: update("y"), at: 2, author: "a" }]);
    expect(result.lastSeq.get("d")).toBe(2);
    await next.close();
  });

  it("a write SQLite itself refuses mid-batch stores nothing and does not advance seq", async () => {
    const db = openDatabase(path);
    opened.push(db);
    const store = SqliteDocStore.fromDatabase(db);
    await store.append([{ docName: "a", update: update("1"), at: 1, author: "p" }]);
    db.exec(`CREATE TRIGGER poison BEFORE INSERT ON doc_log
             WHEN NEW.doc_id = (SELECT id FROM doc_names WHERE name = 'poison')
             BEGIN SELECT RAISE(ABORT, 'poisoned'); END`);

    await expect(
      store.append([
        { docName: "a", update: update("2"), at: 2, author: "p" },
        { docName: "b", update: update("3"), at: 2, author: "p" },
        { docName: "poison", update: update("4"), at: 2, author: "p" },
      ]),
    ).rejects.toThrow(/poisoned/);
    expect(await store.history("a")).toHaveLength(1);
    expect(await store.exists("b")).toBe(false);

    const next = await store.append([
      { docName: "a", update: update("5"), at: 3, author: "p" },
      { docName: "b", update: update("6"), at: 3, author: "p" },
    ]);
    expect(next.lastSeq).toEqual(
      new Map([
        ["a", 2],
        ["b", 1],
      ]),
    );
  });

  it("keeps every checkpoint with checkpointSpacing 0 and stores the time of the entry it covers", async () => {
    const db = openDatabase(path);
    opened.push(db);
    const store = SqliteDocStore.fromDatabase(db, { limits: { checkpointSpacing: 0 } });
    const doc = new Y.Doc();
    for (let i = 1; i <= 3; i++) {
      doc.getArray<number>("n").push([i]);
      await store.append(
        [{ docName: "d", update: Y.encodeStateAsUpdate(doc), at: i * 10, author: "p" }],
        [{ docName: "d", state: Y.encodeStateAsUpdate(doc) }],
      );
    }
    expect(db.prepare("SELECT seq, at FROM doc_checkpoint ORDER BY seq").all()).toEqual([
      { seq: 1, at: 10 },
      { seq: 2, at: 20 },
      { seq: 3, at: 30 },
    ]);
  });

  it("migrates a version-1 file: usage counted from the log, old checkpoints thinned at the next", async () => {
    const db = raw();
    runMigrations(db, STORAGE_MIGRATION_MODULE, storageMigrations.slice(0, 1));
    const doc = new Y.Doc();
    // (and then through version 3: names moved to doc_names)
    const insertLog = db.prepare(
      'INSERT INTO doc_log (doc_name, seq, at, author, "update") VALUES (?, ?, ?, ?, ?)',
    );
    const insertCheckpoint = db.prepare(
      "INSERT INTO doc_checkpoint (doc_name, seq, at, state) VALUES (?, ?, ?, ?)",
    );
    let logBytes = 0;
    for (let seq = 1; seq <= 40; seq++) {
      const before = Y.encodeStateVector(doc);
      doc.getArray<string>("items").push([`item-${seq}`]);
      const u = Y.encodeStateAsUpdate(doc, before);
      logBytes += u.byteLength;
      insertLog.run("d", seq, seq, "p", u);
      // v1 kept a checkpoint after every entry.
      insertCheckpoint.run("d", seq, seq, Y.encodeStateAsUpdate(doc));
    }
    const store = SqliteDocStore.open({ path });
    opened.push(store);
    const usage = await store.usage("d");
    expect(usage).toMatchObject({ entries: 40, logBytes, checkpoints: 40 });
    const before = Y.encodeStateVector(doc);
    doc.getArray<string>("items").push(["item-41"]);
    await store.append(
      [{ docName: "d", update: Y.encodeStateAsUpdate(doc, before), at: 41, author: "p" }],
      [{ docName: "d", state: Y.encodeStateAsUpdate(doc) }],
    );
    const thinned = await store.usage("d");
    expect(thinned.checkpoints).toBeLessThan(10);
    const seek = new Y.Doc();
    Y.applyUpdate(seek, await store.stateAt("d", 17));
    expect(seek.getArray("items").length).toBe(17);
  });

  it("migrates a version-2 file to numbered doc names: every doc's log, checkpoints and usage kept", async () => {
    const db = raw();
    runMigrations(db, STORAGE_MIGRATION_MODULE, storageMigrations.slice(0, 2));
    const insertLog = db.prepare(
      'INSERT INTO doc_log (doc_name, seq, at, author, "update") VALUES (?, ?, ?, ?, ?)',
    );
    const insertCheckpoint = db.prepare(
      "INSERT INTO doc_checkpoint (doc_name, seq, at, state, log_bytes) VALUES (?, ?, ?, ?, ?)",
    );
    const insertUsage = db.prepare("INSERT INTO doc_usage (doc_name, log_bytes) VALUES (?, ?)");
    const docs = new Map<string, Y.Doc>();
    for (const name of ["ev.control", "ev.boardA", "ev.boardB"]) {
      const doc = new Y.Doc();
      let logBytes = 0;
      for (let seq = 1; seq <= 12; seq++) {
        const before = Y.encodeStateVector(doc);
        doc.getArray<string>("items").push([`${name}-${seq}`]);
        const u = Y.encodeStateAsUpdate(doc, before);
        logBytes += u.byteLength;
        insertLog.run(name, seq, seq * 10, `author-${seq % 3}`, u);
        if (seq === 6)
          insertCheckpoint.run(name, seq, seq * 10, Y.encodeStateAsUpdate(doc), logBytes);
      }
      insertUsage.run(name, logBytes);
      docs.set(name, doc);
    }
    const store = SqliteDocStore.open({ path });
    opened.push(store);
    expect(db.prepare("SELECT name FROM doc_names ORDER BY name").pluck().all()).toEqual([
      "ev.boardA",
      "ev.boardB",
      "ev.control",
    ]);
    for (const [name, doc] of docs) {
      const usage = await store.usage(name);
      expect(usage.entries).toBe(12);
      expect(usage.checkpoints).toBe(1);
      const history = await store.history(name);
      expect(history.map((h) => h.author)).toEqual(
        Array.from({ length: 12 }, (_, i) => `author-${(i + 1) % 3}`),
      );
      const loaded = new Y.Doc();
      const stored = await store.load(name);
      expect(stored.checkpointSeq).toBe(6);
      Y.applyUpdate(loaded, await store.stateAt(name, 1e9));
      expect(loaded.getArray("items").toArray()).toEqual(doc.getArray("items").toArray());
      const at = new Y.Doc();
      Y.applyUpdate(at, await store.stateAt(name, 45));
      expect(at.getArray("items").length).toBe(4);
    }
    // Writing after the migration continues each doc's numbering, and a new doc gets a new id.
    const before = Y.encodeStateVector(docs.get("ev.boardA")!);
    docs.get("ev.boardA")!.getArray<string>("items").push(["after"]);
    const result = await store.append([
      {
        docName: "ev.boardA",
        update: Y.encodeStateAsUpdate(docs.get("ev.boardA")!, before),
        at: 500,
        author: "p",
      },
      { docName: "ev.boardC", update: update("new"), at: 500, author: "p" },
    ]);
    expect(result.lastSeq.get("ev.boardA")).toBe(13);
    expect(result.lastSeq.get("ev.boardC")).toBe(1);
    expect(db.prepare("SELECT count(*) FROM doc_names").pluck().get()).toBe(4);
  });
});

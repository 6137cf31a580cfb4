import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Migration, runMigrations } from "./migrate";
import { StorageError } from "./StorageError";

function tables(db: Database.Database): string[] {
  return db
    .prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .pluck()
    .all();
}

function versions(db: Database.Database, module: string): number[] {
  return db
    .prepare<[string], number>(
      "SELECT version FROM schema_migrations WHERE module = ? ORDER BY version",
    )
    .pluck()
    .all(module);
}

const v1: Migration = { version: 1, up: (db) => db.exec("CREATE TABLE a (id INTEGER)") };
const v2: Migration = { version: 2, up: (db) => db.exec("ALTER TABLE a ADD COLUMN name TEXT") };

describe("runMigrations", () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(":memory:");
  });
  afterEach(() => {
    db.close();
  });

  it("applies every step once and records it", () => {
    expect(runMigrations(db, "m", [v1, v2])).toBe(2);
    expect(versions(db, "m")).toEqual([1, 2]);
    expect(runMigrations(db, "m", [v1, v2])).toBe(2);
    expect(versions(db, "m")).toEqual([1, 2]);
    const columns = db.prepare("SELECT name FROM pragma_table_info('a')").pluck().all();
    expect(columns).toEqual(["id", "name"]);
  });

  it("applies only the steps added since the last run", () => {
    runMigrations(db, "m", [v1]);
    const firstAppliedAt = db
      .prepare("SELECT applied_at FROM schema_migrations WHERE module = 'm' AND version = 1")
      .pluck()
      .get();
    expect(runMigrations(db, "m", [v1, v2])).toBe(2);
    expect(versions(db, "m")).toEqual([1, 2]);
    expect(
      db
        .prepare("SELECT applied_at FROM schema_migrations WHERE module = 'm' AND version = 1")
        .pluck()
        .get(),
    ).toBe(firstAppliedAt);
  });

  it("keeps modules' version lines apart", () => {
    runMigrations(db, "one", [v1]);
    runMigrations(db, "two", [{ version: 1, up: (d) => d.exec("CREATE TABLE b (id INTEGER)") }]);
    expect(versions(db, "one")).toEqual([1]);
    expect(versions(db, "two")).toEqual([1]);
    expect(tables(db)).toEqual(["a", "b", "schema_migrations"]);
  });

  it("rolls back every step of a run when one fails", () => {
    const broken: Migration = {
      version: 2,
      up: (d) => d.exec("CREATE TABLE c (id INTEGER); SELECT * FROM missing_table"),
    };
    expect(() => runMigrations(db, "m", [v1, broken])).toThrow(/missing_table/);
    expect(tables(db)).not.toContain("a");
    expect(tables(db)).not.toContain("c");
    expect(runMigrations(db, "m", [v1])).toBe(1);
  });

  it("refuses a database migrated by newer code", () => {
    runMigrations(db, "m", [v1, v2]);
    expect(() => runMigrations(db, "m", [v1])).toThrow(StorageError);
  });

  it("refuses versions that are not integers ascending from 1", () => {
    for (const list of [
      [v2, v1],
      [v1, v1],
      [{ version: 0, up: () => {} }],
      [{ version: 1.5, up: () => {} }],
    ]) {
      expect(() => runMigrations(db, "m", list)).toThrow(StorageError);
    }
    expect(tables(db)).toEqual([]);
  });

  it("returns 0 for a module without steps", () => {
    expect(runMigrations(db, "none", [])).toBe(0);
  });
});

import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "./Logger";
import { openDatabase } from "./openDatabase";
import { WalCheckpointer } from "./WalCheckpointer";

let dir = "";
afterEach(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
  dir = "";
});

describe("WalCheckpointer", () => {
  it("checkpoints from its thread, so the WAL is reused instead of growing", async () => {
    dir = mkdtempSync(join(tmpdir(), "tablecloth-wal-"));
    const path = join(dir, "db.sqlite");
    const db = openDatabase(path);
    db.exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB NOT NULL)");
    const checkpointer = WalCheckpointer.start(db, { intervalMs: 5, logger: silentLogger });
    expect(checkpointer).not.toBeNull();
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    const insert = db.prepare("INSERT INTO t (v) VALUES (?)");
    const row = new Uint8Array(1_000);
    const written = 60 * 200 * row.byteLength;
    for (let batch = 0; batch < 60; batch++) {
      db.transaction(() => {
        for (let i = 0; i < 200; i++) insert.run(row);
      })();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(statSync(`${path}-wal`).size).toBeLessThan(written / 2);
    await checkpointer?.stop();
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(1_000);
    expect(db.prepare("SELECT count(*) FROM t").pluck().get()).toBe(12_000);
    db.close();
  });

  it("does nothing for an in-memory database", () => {
    const db = openDatabase(":memory:");
    expect(WalCheckpointer.start(db, { logger: silentLogger })).toBeNull();
    db.close();
  });
});

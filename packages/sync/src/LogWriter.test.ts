import {
  type CheckpointInput,
  type LogEntryInput,
  MemoryDocStore,
  StorageError,
} from "@tablecloth/storage";
import { describe, expect, it } from "vitest";
import { LogWriter } from "./LogWriter";
import { createSyncMetrics } from "./SyncMetrics";
import { silentLogger } from "./silentLogger";
import { ManualScheduler } from "./test/ManualScheduler";

const update = new Uint8Array([0, 0]);

describe("LogWriter", () => {
  it("flushes within flushMs in one append covering all docs, with due checkpoints", async () => {
    const store = new MemoryDocStore();
    const scheduler = new ManualScheduler();
    const metrics = createSyncMetrics();
    const writer = new LogWriter({
      store,
      scheduler,
      logger: silentLogger,
      metrics,
      flushMs: 50,
      checkpointEvery: 2,
      maxBacklogBytes: 1024,
      retryMs: 1_000,
      maxDocHistoryBytes: 1024,
      checkpointState: (docName) => (docName === "a" ? new Uint8Array([0, 0]) : null),
    });
    writer.enqueue({ docName: "a", update, at: 1, author: "u" });
    writer.enqueue({ docName: "a", update, at: 2, author: "u" });
    writer.enqueue({ docName: "b", update, at: 3, author: "u" });
    expect(writer.hasQueued("a")).toBe(true);
    scheduler.advance(49);
    await Promise.resolve();
    expect(metrics.logBatches).toBe(0);
    scheduler.advance(1);
    await writer.flush();
    expect(metrics.logBatches).toBe(1);
    expect(metrics.logEntries).toBe(3);
    expect(metrics.checkpoints).toBe(1);
    expect(writer.hasQueued("a")).toBe(false);
    expect((await store.load("a")).checkpointSeq).toBe(2);
    expect((await store.load("b")).lastSeq).toBe(1);
  });

  it("drops the entries of docs the store fences off, tells the engine, and saves the rest", async () => {
    // A store that, like a fenced PgDocStore, refuses any call holding doc "moved".
    class FencingStore extends MemoryDocStore {
      override async append(
        entries: readonly LogEntryInput[],
        checkpoints: readonly CheckpointInput[] = [],
      ) {
        if (entries.some((e) => e.docName === "moved")) {
          throw new StorageError("fenced", "another instance owns it", ["moved"]);
        }
        return super.append(entries, checkpoints);
      }
    }
    const store = new FencingStore();
    const scheduler = new ManualScheduler();
    const metrics = createSyncMetrics();
    const fenced: string[][] = [];
    const writer = new LogWriter({
      store,
      scheduler,
      logger: silentLogger,
      metrics,
      flushMs: 50,
      checkpointEvery: 100,
      maxBacklogBytes: 1024,
      retryMs: 1_000,
      maxDocHistoryBytes: 1024,
      checkpointState: () => null,
      onFenced: (docNames) => fenced.push([...docNames]),
    });
    writer.enqueue({ docName: "moved", update, at: 1, author: "u" });
    writer.enqueue({ docName: "kept", update, at: 2, author: "u" });
    writer.enqueue({ docName: "moved", update, at: 3, author: "u" });
    await writer.flush();
    expect(fenced).toEqual([["moved"]]);
    // Not disk trouble: writers are not refused, /healthz stays green.
    expect(writer.trouble()).toBeNull();
    expect(metrics.logAppendFailures).toBe(0);
    expect(writer.hasQueued("moved")).toBe(false);
    await writer.flush();
    expect((await store.load("kept")).lastSeq).toBe(1);
    expect((await store.load("moved")).lastSeq).toBe(0);
    expect(metrics.logBacklogBytes).toBe(0);
  });
});

import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type BetterSqlite3 from "better-sqlite3";
import type { StorageLogger } from "./Logger";

/** How often the background thread checkpoints the WAL, by default. */
export const DEFAULT_WAL_CHECKPOINT_INTERVAL_MS = 1_000;

/** SQLite's own auto-checkpoint threshold (pages), restored when the background thread stops. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1_000;

/**
 * The worker: its own connection to the same file, a PASSIVE checkpoint every interval (never
 * waits for the writer, which keeps appending to the WAL meanwhile), and a clean close on request.
 * Plain CommonJS, so it runs without a TypeScript loader.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 1000");
const timer = setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    parentPort.postMessage(String((error && error.message) || error));
  }
}, workerData.intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  db.close();
  process.exit(0);
});
`;

export interface WalCheckpointerOptions {
  intervalMs?: number;
  logger: StorageLogger;
}

/**
 * Moves SQLite's WAL checkpoints (the only step that fsyncs under `synchronous = NORMAL`) off the
 * event loop: auto-checkpointing is turned off on `db` and a worker thread checkpoints the file
 * through its own connection. On the event loop each one blocked every socket for 20 ms on a quiet
 * disk, and for seconds on a busy one. Durability is unchanged (commits never fsync in either
 * case). If the worker fails, `db` goes back to SQLite's auto-checkpoints.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private stopped = false;

  /** Starts checkpointing `db`'s file in the background; null for a database without a WAL file. */
  static start(
    db: BetterSqlite3.Database,
    options: WalCheckpointerOptions,
  ): WalCheckpointer | null {
    if (db.memory || db.readonly) return null;
    const mode = db.pragma("journal_mode", { simple: true });
    if (typeof mode !== "string" || mode.toLowerCase() !== "wal") return null;
    return new WalCheckpointer(db, options);
  }

  private constructor(
    private readonly db: BetterSqlite3.Database,
    options: WalCheckpointerOptions,
  ) {
    db.pragma("wal_autocheckpoint = 0");
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve("better-sqlite3"),
        path: db.name,
        intervalMs: options.intervalMs ?? DEFAULT_WAL_CHECKPOINT_INTERVAL_MS,
      },
    });
    this.worker.unref();
    this.worker.on("message", (error: unknown) => {
      options.logger.warn("background WAL checkpoint failed", { error: String(error) });
    });
    this.worker.on("error", (error) => {
      options.logger.error("WAL checkpoint thread failed; back to auto-checkpoints", {
        error: error.message,
      });
    });
    this.exited = new Promise((resolve) => {
      this.worker.once("exit", () => {
        if (!this.stopped) this.restoreAutoCheckpoint();
        resolve();
      });
    });
  }

  /** Stops the thread (after its checkpoint in progress) and restores auto-checkpoints. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    // Unreferenced, the thread would not keep the process alive while we wait for it to close.
    this.worker.ref();
    this.worker.postMessage("stop");
    await this.exited;
    this.restoreAutoCheckpoint();
  }

  private restoreAutoCheckpoint(): void {
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
  }
}

import { existsSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";

/** Our server's SQLite file inside DATA_DIR. */
export const DATABASE_FILE = "tablecloth.sqlite";

/** Rows of the history log appended in a time window, by whole second of server time. */
export interface LogRows {
  total: number;
  inWindow: number;
  /** Rows per second for each full second of the window, in order. */
  perSecond: number[];
}

/**
 * Counts the `doc_log` rows of `docNames` whose server time `at` falls in [fromMs, toMs), reading
 * the database read-only after the server exited (so its final flush is in).
 */
export function countLogRows(
  dataDir: string,
  docNames: readonly string[],
  fromMs: number,
  toMs: number,
): LogRows {
  const file = join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) throw new Error(`no ${DATABASE_FILE} in DATA_DIR`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const docs = `doc_id IN (SELECT id FROM doc_names WHERE name IN (${docNames.map(() => "?").join(", ")}))`;
    const total = db
      .prepare(`SELECT count(*) AS n FROM doc_log WHERE ${docs}`)
      .get(...docNames) as { n: number };
    const buckets = db
      .prepare(
        `SELECT CAST((at - ?) / 1000 AS INTEGER) AS second, count(*) AS n FROM doc_log
         WHERE ${docs} AND at >= ? AND at < ? GROUP BY second`,
      )
      .all(fromMs, ...docNames, fromMs, toMs) as { second: number; n: number }[];
    const seconds = Math.floor((toMs - fromMs) / 1000);
    const perSecond = new Array<number>(seconds).fill(0);
    let inWindow = 0;
    for (const { second, n } of buckets) {
      inWindow += n;
      const index = Math.floor(second);
      if (index >= 0 && index < seconds) perSecond[index] = n;
    }
    return { total: total.n, inWindow, perSecond };
  } finally {
    db.close();
  }
}

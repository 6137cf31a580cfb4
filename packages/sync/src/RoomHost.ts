import type { LogEntryInput } from "@tablecloth/storage";
import type { Connection, ConnectionHost, ConnectionRoom } from "./Connection";
import type { SyncConfig } from "./SyncConfig";
import type { Logger, Scheduler } from "./types";

/** What a room (and each of its parts) needs from its server. */
export interface RoomHost extends ConnectionHost {
  readonly config: SyncConfig;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  enqueueLog(entry: LogEntryInput): void;
  /**
   * Throws a `SyncError` when the log cannot take a client update of `bytes` to `docName` now
   * (TryAgainLater: log failing or backlog full; TooLarge: the doc's history quota).
   */
  admitLog(docName: string, bytes: number): void;
  /** Asks for `room.flushBroadcast()` at the next tick, or within `withinMs` (together with others). */
  scheduleBroadcast(room: ConnectionRoom, withinMs?: number): void;
  /** Closes `conn` for an error its frame caused (a `SyncError` carries the close code). */
  fail(conn: Connection, err: unknown): void;
}

/** Transaction origin of a server-side write (`SyncServer.transact`), carrying its author. */
export class ServerWrite {
  constructor(readonly author: string) {}
}

/** Author recorded for changes without a connection or server-write origin (e.g. load migrations). */
export const SYSTEM_AUTHOR = "system";

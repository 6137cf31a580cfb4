/**
 * The room engine's public surface. The transport (server/) adapts a real WebSocket to
 * `SyncSocket`, builds a `ConnectionContext` at upgrade, and calls `SyncServer.connect`.
 * Nothing here knows about Hono, `ws` or SQL.
 */

import type { WriteGuard } from "./WriteGuard";

/** The minimal socket the room engine writes to. */
export interface SyncSocket {
  /** Sends one binary frame. Must not throw on a socket that is closing. */
  send(data: Uint8Array): void;
  /**
   * Sends these binary frames, in order, each its own message; optional (else `send` each). A
   * socket may frame the same list once for every peer it is given to and write it in one go.
   */
  sendMany?(data: readonly Uint8Array[]): void;
  /** Closes the socket with a code from `@tablecloth/protocol`'s `CloseCode`. */
  close(code: number, reason: string): void;
  /** Bytes queued for sending and not yet written; the engine closes slow consumers. */
  readonly bufferedAmount: number;
}

/** Who is on a connection, attached at upgrade by the transport. */
export interface ConnectionContext {
  /** Stable id of the person (participant id); recorded as the author of their updates. */
  userId: string;
  /**
   * The person's role (e.g. "facilitator", "participant", "observer"), from the token; stamped
   * into their awareness states as `user.role`, and used in logs and metrics.
   */
  role: string;
  /**
   * The person's display name, from the token (the participant record); stamped into their
   * awareness states as `user.name`. Defaults to `userId`.
   */
  name?: string;
  /**
   * Read-only connections may sync and read, and their awareness is relayed, but their
   * sync step 2 and update messages are dropped: never applied, relayed or stored.
   */
  readOnly: boolean;
  /** What this writer may change, when finer than read-only (see `WriteGuard`). */
  writeGuard?: WriteGuard;
}

/** Injected clock and timers, so tests can run without real time. */
export interface Scheduler {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}
export type TimerHandle = { readonly __timer: unique symbol } | ReturnType<typeof setTimeout>;

/** Structured logger; the server injects pino-like JSON logging. Never pass tokens. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

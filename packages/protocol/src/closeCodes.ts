/**
 * Every WebSocket close code Tablecloth sends, in one place.
 *
 * The stock y-websocket client treats 4400–4499 as final (it stops reconnecting and emits
 * `closed`); every other code is transient and the client retries with backoff. So a code is in
 * the 44xx range exactly when reconnecting cannot help: the same frame or the same token would be
 * refused again, and a retry loop would only burn the server and the client's battery.
 */
export const CloseCode = {
  /** Normal close, e.g. the client went away. */
  Normal: 1000,
  /** Server is shutting down (SIGTERM); clients should reconnect to another instance or later. */
  GoingAway: 1001,
  /**
   * Try again later (RFC 6455 1013): the server cannot store updates right now (its log fails,
   * e.g. a full disk, or the backlog of unsaved updates is full). Transient: the stock client
   * reconnects with backoff and resends its unsaved edits once the server stores again.
   */
  TryAgainLater: 1013,
  /** A malformed frame: text instead of binary, truncated, unknown message type, invalid Yjs update. */
  BadMessage: 4400,
  /** Missing, malformed, tampered or expired token. */
  Unauthenticated: 4401,
  /** A valid token that may not open this doc, or whose participant was removed. */
  Forbidden: 4403,
  /** The doc name is not valid, or no such doc exists. */
  DocNotFound: 4404,
  /**
   * A frame (at the WebSocket layer too, never 1009), the doc it would produce, an awareness
   * state, or the pending (dependency-missing) updates of its sender is over a named limit; also an
   * update to a doc whose history reached its quota (`maxDocHistoryBytes`): final, the doc takes no
   * more edits.
   */
  TooLarge: 4413,
  /**
   * A connection tried to introduce more awareness client ids than it may (the stock client uses
   * one per doc). Final: reconnecting would only try again.
   */
  PresenceLimit: 4420,
  /** The server failed while handling the connection (e.g. the doc could not be loaded). */
  InternalError: 4500,
  /** The server is overloaded (too many pending loads); try again later. */
  Overloaded: 4503,
  /**
   * Too many messages or connections for this participant. Transient on purpose: the stock
   * client backs off (up to 2.5 s) and resyncs, so a burst never locks a person out for good.
   */
  RateLimited: 4529,
  /** The client did not read fast enough: its send queue exceeded the limit. Reconnecting resyncs. */
  SlowConsumer: 4508,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Short, stable reasons sent with each code (close reasons must stay under 123 bytes). */
export const closeReason: Readonly<Record<CloseCode, string>> = {
  [CloseCode.Normal]: "normal",
  [CloseCode.GoingAway]: "server shutting down",
  [CloseCode.TryAgainLater]: "try again later",
  [CloseCode.BadMessage]: "bad message",
  [CloseCode.Unauthenticated]: "unauthenticated",
  [CloseCode.Forbidden]: "forbidden",
  [CloseCode.DocNotFound]: "doc not found",
  [CloseCode.TooLarge]: "too large",
  [CloseCode.PresenceLimit]: "presence limit",
  [CloseCode.RateLimited]: "rate limited",
  [CloseCode.InternalError]: "internal error",
  [CloseCode.Overloaded]: "overloaded",
  [CloseCode.SlowConsumer]: "slow consumer",
};

/** True when the stock y-websocket client will not reconnect after this code. */
export function isFinalCloseCode(code: number): boolean {
  return code >= 4400 && code < 4500;
}

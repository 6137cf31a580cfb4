/**
 * Structured logger injected into storage backends (same shape as the room engine's `Logger`, so
 * the server passes one object to both). Never log update bytes or tokens.
 */
export interface StorageLogger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Logs nothing; the default when no logger is injected. */
export const silentLogger: StorageLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

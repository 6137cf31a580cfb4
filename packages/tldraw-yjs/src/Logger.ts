/**
 * Structured logger injected into the binding (same shape as the server's and storage's loggers,
 * so one object can be passed everywhere).
 */
export interface TldrawYjsLogger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Logs nothing; the default when no logger is injected. */
export const silentLogger: TldrawYjsLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

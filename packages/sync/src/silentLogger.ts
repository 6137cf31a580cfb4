import type { Logger } from "./types";

/** Logs nothing; the default when no logger is injected. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

import type { Logger as SyncLogger } from "@tablecloth/sync";
import { type Logger, pino } from "pino";
import { mapBundleStack } from "./bundleStack";

export const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A JSON-lines logger: one object per line with `time`, `level`, `msg` and the given fields (pino). */
export interface JsonLogger extends SyncLogger {
  readonly level: LogLevel;
  /** A logger that adds `fields` to every line (e.g. `{component: "transport"}`). */
  child(fields: Record<string, unknown>): JsonLogger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Fields on every line. */
  base?: Record<string, unknown>;
  /** Where lines go (without the newline); stdout by default. */
  write?: (line: string) => void;
}

const REDACTED = "[redacted]";
/** Field names whose values never reach a log, whatever their nesting. */
const SECRET_FIELD = /^(token|authorization|cookie|set-cookie|password|secret|facilitatortoken)$/i;
/** `token=…` in a URL or query string (sync URLs carry the token as a query parameter). */
const TOKEN_IN_URL = /\b(token|access_token)=[^&#\s"']*/gi;
/** `Bearer …` anywhere in a string. */
const BEARER = /\bBearer\s+[^\s"',;]+/gi;
const MAX_DEPTH = 6;

/** Removes secrets from a log value: secret-named fields, `token=` in URLs, bearer tokens. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") {
    return value.replace(TOKEN_IN_URL, `$1=${REDACTED}`).replace(BEARER, `Bearer ${REDACTED}`);
  }
  if (value === null || typeof value !== "object") {
    return typeof value === "bigint" ? value.toString() : value;
  }
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (value instanceof Error) {
    const out: Record<string, unknown> = {
      name: value.name,
      message: redact(value.message, depth + 1),
    };
    // Frames of the production bundle back to the sources (the map is read on the first one).
    if (value.stack) out.stack = redact(mapBundleStack(value.stack), depth + 1);
    const code = (value as { code?: unknown }).code;
    if (code !== undefined) out.code = code;
    if (value.cause !== undefined) out.cause = redact(value.cause, depth + 1);
    return out;
  }
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_FIELD.test(key) ? REDACTED : redact(item, depth + 1);
  }
  return out;
}

function writeStdout(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The `level` field as its name (pino writes numbers by default). */
function levelLabel(label: string): Record<string, unknown> {
  return { level: label };
}

/** Every field of a line passes `redact`: the merged fields and the bindings (base, children). */
function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  return redact(fields) as Record<string, unknown>;
}

function isoTime(): string {
  return `,"time":"${new Date().toISOString()}"`;
}

/** A `JsonLogger` over one pino logger (children are pino children: they share its stream). */
function wrap(logger: Logger, level: LogLevel): JsonLogger {
  const log =
    (method: "debug" | "info" | "warn" | "error") =>
    (msg: string, fields?: Record<string, unknown>): void => {
      // A line below the level is dropped by pino anyway: not redacted first (the request log
      // is a debug line on every request).
      if (!logger.isLevelEnabled(method)) return;
      if (fields === undefined) logger[method](redact(msg) as string);
      else logger[method](fields, redact(msg) as string);
    };
  return {
    level,
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    // pino does not pass a child's bindings through `formatters.bindings`: redact them here.
    child: (fields) => wrap(logger.child(redactFields(fields)), level),
  };
}

/**
 * Creates a JSON-lines logger (pino); `level` defaults to `info`. Each line holds `time` (ISO),
 * `level` (its name), `msg` and the fields, every one of them through `redact`.
 */
export function createLogger(options: LoggerOptions = {}): JsonLogger {
  const level = options.level ?? "info";
  const write = options.write ?? writeStdout;
  const logger = pino(
    {
      level,
      base: options.base ?? {},
      timestamp: isoTime,
      formatters: { level: levelLabel, bindings: redactFields, log: redactFields },
    },
    // One line per call, without its newline, to `write` (synchronous: a crash loses no line).
    { write: (line: string) => write(line.endsWith("\n") ? line.slice(0, -1) : line) },
  );
  return wrap(logger, level);
}

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

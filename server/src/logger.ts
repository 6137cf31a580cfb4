import type { Logger } from "@tablecloth/sync";

export const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const severity: Readonly<Record<LogLevel, number>> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  silent: 100,
};

/** A JSON-lines logger: one object per line with `time`, `level`, `msg` and the given fields. */
export interface JsonLogger extends Logger {
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
    if (value.stack) out.stack = redact(value.stack, depth + 1);
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

/** Creates a JSON-lines logger; `level` defaults to `info`. */
export function createLogger(options: LoggerOptions = {}): JsonLogger {
  const level = options.level ?? "info";
  const base = options.base ?? {};
  const write = options.write ?? writeStdout;
  const threshold = severity[level];

  const log = (
    lineLevel: Exclude<LogLevel, "silent">,
    msg: string,
    fields?: Record<string, unknown>,
  ) => {
    if (severity[lineLevel] < threshold) return;
    const record = redact({ ...base, ...fields }) as Record<string, unknown>;
    let line: string;
    try {
      line = JSON.stringify({ time: new Date().toISOString(), level: lineLevel, msg, ...record });
    } catch {
      line = JSON.stringify({
        time: new Date().toISOString(),
        level: lineLevel,
        msg,
        unserializable: true,
      });
    }
    write(line);
  };

  return {
    level,
    debug: (msg, fields) => log("debug", msg, fields),
    info: (msg, fields) => log("info", msg, fields),
    warn: (msg, fields) => log("warn", msg, fields),
    error: (msg, fields) => log("error", msg, fields),
    child: (fields) => createLogger({ level, write, base: { ...base, ...fields } }),
  };
}

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

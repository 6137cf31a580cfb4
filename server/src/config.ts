// Over 400 lines on purpose: the one place every named limit and setting is declared (one zod
// schema for env and flags, with its defaults and messages), by design.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DEFAULT_LEASE_TTL_MS } from "@tablecloth/storage";
import { defaultSyncConfig, resolveSyncConfig, type SyncConfig } from "@tablecloth/sync";
import { z } from "zod";
import { isLogLevel, LOG_LEVELS, type LogLevel } from "./logger";
import { SOCKET_LAYERS, type SocketLayerName } from "./websocket/WireSocket";

/** Everything the server process is configured by. Built by `loadConfig` from env and flags. */
export interface ServerConfig {
  /** TCP port; 0 picks a free one. */
  port: number;
  host: string;
  /** Directory holding `tablecloth.sqlite` (created if missing). */
  dataDir: string;
  logLevel: LogLevel;
  /** Directory of the built client (`client/dist`); served with an SPA fallback when present. */
  clientDistDir: string;
  /** Room engine limits that differ from `defaultSyncConfig` (the `TABLECLOTH_*` env vars). */
  sync: Partial<SyncConfig>;
  /**
   * Hard cap on a WebSocket message, enforced from the frame header (close 4413, final for the
   * stock client) before it is buffered. Above `maxFrameBytes`, so a frame between the two reaches
   * the engine, which closes it with the same 4413.
   */
  maxPayloadBytes: number;
  /** How long a graceful shutdown may take before the process gives up and exits non-zero. */
  shutdownTimeoutMs: number;
  /** WebSocket ping period; a socket that stays silent a whole period is dropped. 0 disables. */
  heartbeatMs: number;
  /** Sync upgrades waiting for their access check at once; more get HTTP 503. */
  maxPendingUpgrades: number;
  /**
   * Length of the kernel's queue of connections not yet accepted (`listen(2)` backlog; Linux caps
   * it at `net.core.somaxconn`). A café rotation opens every socket of the venue at once: past the
   * queue, connections wait for SYN retransmits (1 s, 3 s) and, when the queue stays full for
   * seconds, are reset.
   */
  listenBacklog: number;
  /**
   * `TABLECLOTH_HEADERS_TIMEOUT_MS`: longest a client may take to send a request's headers
   * (Node's default is 60 s, which lets a few slow clients hold sockets open: slowloris).
   */
  headersTimeoutMs: number;
  /** `TABLECLOTH_REQUEST_TIMEOUT_MS`: longest a whole request may take, body included (uploads). */
  requestTimeoutMs: number;
  /** `TABLECLOTH_MAX_CONNECTIONS`: open TCP connections (HTTP and WebSocket) at once; more are dropped. */
  maxConnections: number;
  /**
   * `TABLECLOTH_MAX_CONNECTIONS_PER_ADDRESS`: open connections from one peer address. A venue
   * shares one address, so this is large; it stops one address from taking every connection.
   * Behind a proxy every connection comes from the proxy: set it to `maxConnections`.
   */
  maxConnectionsPerAddress: number;
  /**
   * `TABLECLOTH_ALLOWED_ORIGINS`: origins whose pages may open sync sockets (comma-separated, or
   * `*` for any). Null: the server's own origin (the request's `Host`), `TABLECLOTH_PUBLIC_URL`,
   * and loopback origins unless `NODE_ENV=production`. Upgrades without `Origin` (non-browser
   * clients such as the stock y-websocket client in Node) are allowed: they still need a token.
   */
  allowedOrigins: readonly string[] | "*" | null;
  /** `TABLECLOTH_PUBLIC_URL`'s origin, null when unset. */
  publicOrigin: string | null;
  /** Allow loopback page origins (`http://localhost:*`, `127.0.0.1`, `[::1]`) on sync sockets. */
  allowLoopbackOrigins: boolean;
  /** `TABLECLOTH_METRICS_TOKEN`: when set, `/metrics` needs it as a bearer token. */
  metricsToken: string | null;
  /**
   * `TABLECLOTH_DATABASE_URL`: a `postgres://` URL. When set, docs, events and the uploads ledger
   * live in PostgreSQL (shared by every instance); unset (the default), in SQLite under
   * `dataDir`. Never logged: it may hold a password.
   */
  databaseUrl?: string | null;
  /** `TABLECLOTH_DATABASE_SCHEMA`: the PostgreSQL schema for our tables (default `search_path`). */
  databaseSchema?: string | null;
  /**
   * `TABLECLOTH_INSTANCE_URL`: where the other instances reach this one (`http://10.0.0.5:8787`);
   * default the address it listens on. Only used with `TABLECLOTH_DATABASE_URL`.
   */
  instanceUrl?: string | null;
  /**
   * `TABLECLOTH_LEASE_TTL_MS`: how long a silent instance keeps its events before another takes
   * them (default 5,000; renewed every third of it). Shorter fails over sooner, but a GC pause
   * longer than it hands events over needlessly (fencing keeps that safe).
   */
  leaseTtlMs?: number;
  /**
   * `TABLECLOTH_SOCKET_LAYER`: `builtin` (the in-house RFC 6455 socket, measured at 22 % less CPU
   * in a rotation) or `ws` (the `ws` library). Both pass the same transport contract suite.
   */
  socketLayer: SocketLayerName;
}

/** Defaults of the process-level settings, in one place (the README's table mirrors it). */
export const serverDefaults = {
  port: 8787,
  host: "127.0.0.1",
  dataDir: "./data",
  logLevel: "info" as LogLevel,
  clientDistDir: fileURLToPath(new URL("../../client/dist", import.meta.url)),
  /** `maxPayloadBytes` = this × the engine's `maxFrameBytes` unless set explicitly. */
  maxPayloadFactor: 4,
  shutdownTimeoutMs: 10_000,
  /** As y-websocket's server: the stock client itself gives up after 30 s of silence. */
  heartbeatMs: 30_000,
  maxPendingUpgrades: 1_000,
  /** Node's default is 511: a 2,000-person rotation overflowed it. */
  listenBacklog: 4_096,
  headersTimeoutMs: 10_000,
  /** A 10 MiB upload over a poor venue network (1 Mbit/s) takes ~80 s. */
  requestTimeoutMs: 120_000,
  /** The café benchmark holds 4,000 sockets; leaves room under a 20,000 `ulimit -n`. */
  maxConnections: 16_000,
  maxConnectionsPerAddress: 8_000,
  socketLayer: "builtin" as SocketLayerName,
} as const;

/** A configuration error a person can act on; `main` prints it and exits 2. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export const usage = `Usage: tablecloth [--port N] [--host ADDR] [--data-dir DIR] [--log-level LEVEL]

Options override the environment:
  --port N           PORT       (default ${serverDefaults.port}; 0 = any free port)
  --host ADDR        HOST       (default ${serverDefaults.host})
  --data-dir DIR     DATA_DIR   (default ${serverDefaults.dataDir})
  --log-level LEVEL  LOG_LEVEL  (${LOG_LEVELS.join("|")}, default ${serverDefaults.logLevel})
  --help             print this and exit

Room engine limits: TABLECLOTH_<NAME> for each numeric field of defaultSyncConfig, in
SCREAMING_SNAKE_CASE (e.g. TABLECLOTH_MAX_FRAME_BYTES, TABLECLOTH_UNLOAD_GRACE_MS).
See server/README.md.`;

type Env = Readonly<Record<string, string | undefined>>;

const FLAGS = {
  "--port": "PORT",
  "--host": "HOST",
  "--data-dir": "DATA_DIR",
  "--log-level": "LOG_LEVEL",
} as const;
type Flag = keyof typeof FLAGS;

function isFlag(name: string): name is Flag {
  return Object.hasOwn(FLAGS, name);
}

/** `maxFrameBytes` → `TABLECLOTH_MAX_FRAME_BYTES`. */
export function syncEnvName(field: string): string {
  return `TABLECLOTH_${field.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}`;
}

/** The flags, for `util.parseArgs` (values checked like their env variables). */
const FLAG_OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  "data-dir": { type: "string" },
  "log-level": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Parses `--flag value` and `--flag=value` (`util.parseArgs`) into the env names they override. */
function parseArgv(argv: readonly string[]): { values: Record<string, string>; help: boolean } {
  const values: Record<string, string> = {};
  let help = false;
  // Not strict: an unknown option or a missing value is reported in our words, naming the flag.
  const { tokens } = parseArgs({
    args: [...argv],
    options: FLAG_OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind === "option-terminator") continue;
    if (token.kind === "positional") {
      throw new ConfigError(`Unknown option "${token.value}".\n\n${usage}`);
    }
    if (token.name === "help" && token.value === undefined) {
      help = true;
      continue;
    }
    const name = `--${token.name}`;
    if (!isFlag(name)) throw new ConfigError(`Unknown option "${token.rawName}".\n\n${usage}`);
    if (token.value === undefined || token.value === "") {
      throw new ConfigError(`Option ${name} needs a value.`);
    }
    values[FLAGS[name]] = token.value;
  }
  return { values, help };
}

/** An http(s) URL's origin, or a `ConfigError` naming `name`. */
function originOf(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(`${name} must hold absolute http(s) URLs, got "${raw}".`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(`${name} must hold http(s) URLs, got "${raw}".`);
  }
  return url.origin;
}

function parseAllowedOrigins(raw: string): readonly string[] | "*" | null {
  if (raw.trim() === "*") return "*";
  const origins = raw
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => originOf("TABLECLOTH_ALLOWED_ORIGINS", part));
  return origins.length === 0 ? null : origins;
}

function parseDatabaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    // Not the value: it may hold a password.
    throw new ConfigError("TABLECLOTH_DATABASE_URL is not a URL.");
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new ConfigError(
      `TABLECLOTH_DATABASE_URL must be a postgres:// URL, got ${url.protocol}// (unset it for SQLite).`,
    );
  }
  return raw.trim();
}

function parseInstanceUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(`TABLECLOTH_INSTANCE_URL must be a URL, got "${raw}".`);
  }
  if (url.protocol !== "http:" || url.pathname !== "/" || url.search !== "") {
    throw new ConfigError(
      `TABLECLOTH_INSTANCE_URL must be http://host:port with no path, got "${raw}".`,
    );
  }
  return url.origin;
}

function parseDatabaseSchema(raw: string): string {
  const schema = raw.trim();
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new ConfigError(
      `TABLECLOTH_DATABASE_SCHEMA must be a lowercase SQL identifier, got "${schema}".`,
    );
  }
  return schema;
}

function parseSocketLayer(raw: string): SocketLayerName {
  const name = raw.trim().toLowerCase();
  const layer = SOCKET_LAYERS.find((candidate) => candidate === name);
  if (layer === undefined) {
    throw new ConfigError(
      `TABLECLOTH_SOCKET_LAYER must be one of ${SOCKET_LAYERS.join(", ")}, got "${raw}".`,
    );
  }
  return layer;
}

const WHOLE = /^\d+$/;

/** A whole number from `min` to `max` read from the variable `name`; the message names it. */
function wholeNumber(name: string, min: number, max: number) {
  return z.string().transform((raw, ctx) => {
    const trimmed = raw.trim();
    const value = Number(trimmed);
    if (!WHOLE.test(trimmed) || !Number.isSafeInteger(value) || value < min || value > max) {
      ctx.addIssue({
        code: "custom",
        message: `${name} must be a whole number from ${min} to ${max}, got "${raw}".`,
      });
      return z.NEVER;
    }
    return value;
  });
}

/** A string read by `parse`, whose `ConfigError` becomes the issue's message. */
function parsed<T>(parse: (raw: string) => T) {
  return z.string().transform((raw, ctx) => {
    try {
      return parse(raw);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      ctx.addIssue({ code: "custom", message: error.message });
      return z.NEVER;
    }
  });
}

/** Limits of the numeric settings (inclusive), named once: the schema and its messages use them. */
export const serverLimits = {
  port: [0, 65535],
  maxPayloadBytes: [1, 2 ** 31 - 1],
  shutdownTimeoutMs: [1, 3_600_000],
  heartbeatMs: [0, 3_600_000],
  maxPendingUpgrades: [1, 1_000_000],
  listenBacklog: [1, 1_000_000],
  headersTimeoutMs: [100, 600_000],
  requestTimeoutMs: [100, 3_600_000],
  maxConnections: [1, 10_000_000],
  /** The upper bound is also `maxConnections`. */
  maxConnectionsPerAddress: [1, 10_000_000],
  leaseTtlMs: [300, 600_000],
  syncLimit: [0, Number.MAX_SAFE_INTEGER],
} as const satisfies Record<string, readonly [number, number]>;

const limited = (name: string, limit: keyof typeof serverLimits) =>
  wholeNumber(name, serverLimits[limit][0], serverLimits[limit][1]);

/** The numeric fields of `defaultSyncConfig`, each read from `TABLECLOTH_<FIELD>`. */
const syncFields = Object.entries(defaultSyncConfig)
  .filter(([, fallback]) => typeof fallback === "number")
  .map(([field]) => field);

/**
 * Every environment variable (and, through `FLAGS`, every flag) the server process reads, declared
 * once: its parser, limits and default. Blank values count as unset.
 */
export const envSchema = z.object({
  PORT: limited("PORT", "port").default(serverDefaults.port),
  HOST: z
    .string()
    .transform((raw) => raw.trim())
    .default(serverDefaults.host),
  DATA_DIR: z.string().default(serverDefaults.dataDir),
  LOG_LEVEL: z
    .string()
    .transform((raw, ctx) => {
      const level = raw.trim().toLowerCase();
      if (isLogLevel(level)) return level;
      ctx.addIssue({
        code: "custom",
        message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${level}".`,
      });
      return z.NEVER;
    })
    .default(serverDefaults.logLevel),
  INIT_CWD: z.string().optional(),
  NODE_ENV: z.string().optional(),
  TABLECLOTH_CLIENT_DIST: z.string().default(serverDefaults.clientDistDir),
  TABLECLOTH_MAX_PAYLOAD_BYTES: limited(
    "TABLECLOTH_MAX_PAYLOAD_BYTES",
    "maxPayloadBytes",
  ).optional(),
  TABLECLOTH_SHUTDOWN_TIMEOUT_MS: limited(
    "TABLECLOTH_SHUTDOWN_TIMEOUT_MS",
    "shutdownTimeoutMs",
  ).default(serverDefaults.shutdownTimeoutMs),
  TABLECLOTH_HEARTBEAT_MS: limited("TABLECLOTH_HEARTBEAT_MS", "heartbeatMs").default(
    serverDefaults.heartbeatMs,
  ),
  TABLECLOTH_MAX_PENDING_UPGRADES: limited(
    "TABLECLOTH_MAX_PENDING_UPGRADES",
    "maxPendingUpgrades",
  ).default(serverDefaults.maxPendingUpgrades),
  TABLECLOTH_LISTEN_BACKLOG: limited("TABLECLOTH_LISTEN_BACKLOG", "listenBacklog").default(
    serverDefaults.listenBacklog,
  ),
  TABLECLOTH_HEADERS_TIMEOUT_MS: limited(
    "TABLECLOTH_HEADERS_TIMEOUT_MS",
    "headersTimeoutMs",
  ).default(serverDefaults.headersTimeoutMs),
  TABLECLOTH_REQUEST_TIMEOUT_MS: limited(
    "TABLECLOTH_REQUEST_TIMEOUT_MS",
    "requestTimeoutMs",
  ).default(serverDefaults.requestTimeoutMs),
  TABLECLOTH_MAX_CONNECTIONS: limited("TABLECLOTH_MAX_CONNECTIONS", "maxConnections").default(
    serverDefaults.maxConnections,
  ),
  TABLECLOTH_MAX_CONNECTIONS_PER_ADDRESS: limited(
    "TABLECLOTH_MAX_CONNECTIONS_PER_ADDRESS",
    "maxConnectionsPerAddress",
  ).optional(),
  TABLECLOTH_SOCKET_LAYER: parsed(parseSocketLayer).default(serverDefaults.socketLayer),
  TABLECLOTH_ALLOWED_ORIGINS: parsed(parseAllowedOrigins).optional(),
  TABLECLOTH_PUBLIC_URL: parsed((raw) => originOf("TABLECLOTH_PUBLIC_URL", raw)).optional(),
  TABLECLOTH_METRICS_TOKEN: z
    .string()
    .transform((raw) => raw.trim())
    .optional(),
  TABLECLOTH_DATABASE_URL: parsed(parseDatabaseUrl).optional(),
  TABLECLOTH_DATABASE_SCHEMA: parsed(parseDatabaseSchema).optional(),
  TABLECLOTH_INSTANCE_URL: parsed(parseInstanceUrl).optional(),
  TABLECLOTH_LEASE_TTL_MS: limited("TABLECLOTH_LEASE_TTL_MS", "leaseTtlMs").default(
    DEFAULT_LEASE_TTL_MS,
  ),
});

/** `TABLECLOTH_<FIELD>` for every numeric engine limit (checked again by `resolveSyncConfig`). */
export const syncEnvSchema = z.object(
  Object.fromEntries(
    syncFields.map((field) => [
      syncEnvName(field),
      limited(syncEnvName(field), "syncLimit").optional(),
    ]),
  ),
);

/** The parsed environment, types inferred from `envSchema`. */
export type ParsedEnv = z.infer<typeof envSchema>;

/** `env` and the flags' values with blank values removed (a blank variable means "unset"). */
function schemaInput(env: Env, flagValues: Record<string, string>): Record<string, string> {
  const input: Record<string, string> = {};
  for (const name of Object.keys(envSchema.shape)) {
    if (name === "INIT_CWD" || name === "NODE_ENV") continue;
    const value = flagValues[name] ?? env[name];
    if (value !== undefined && value.trim() !== "") input[name] = value;
  }
  // Engine limits come from the environment only (there are no flags for them).
  for (const field of syncFields) {
    const name = syncEnvName(field);
    const value = env[name];
    if (value !== undefined && value.trim() !== "") input[name] = value;
  }
  // Read as given.
  for (const name of ["INIT_CWD", "NODE_ENV"] as const) {
    const value = env[name];
    if (value !== undefined) input[name] = value;
  }
  return input;
}

/** Parses the environment with `envSchema`; the first problem becomes a `ConfigError`. */
export function parseEnv(env: Env, flagValues: Record<string, string> = {}): ParsedEnv {
  return parseWith(envSchema, schemaInput(env, flagValues));
}

function parseWith<T extends z.ZodType>(schema: T, input: Record<string, string>): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = issue?.path.join(".") || "configuration";
  throw new ConfigError(issue?.code === "custom" ? issue.message : `${name}: ${issue?.message}`);
}

export interface LoadedConfig {
  config: ServerConfig;
  /** `--help` was given: print `usage` and exit 0. */
  help: boolean;
}

/**
 * Builds the configuration from the environment and command-line flags (flags win).
 * Throws `ConfigError` with a message naming the bad variable or flag.
 */
export function loadConfig(env: Env = process.env, argv: readonly string[] = []): LoadedConfig {
  const { values, help } = parseArgv(argv);
  const parsed = parseEnv(env, values);
  // A relative DATA_DIR is taken from where the person ran the command: `pnpm start` at the repo
  // root runs the server inside server/, and pnpm keeps the caller's directory in INIT_CWD.
  const dataDir = resolve(parsed.INIT_CWD ?? process.cwd(), parsed.DATA_DIR);
  const syncInput: Record<string, string> = {};
  for (const field of syncFields) {
    const raw = env[syncEnvName(field)];
    if (raw !== undefined && raw !== "") syncInput[syncEnvName(field)] = raw;
  }
  const syncEnv = parseWith(syncEnvSchema, syncInput);
  const overrides: Record<string, number> = {};
  for (const field of syncFields) {
    const value = syncEnv[syncEnvName(field)];
    if (typeof value === "number") overrides[field] = value;
  }
  const sync = overrides as Partial<SyncConfig>;
  try {
    resolveSyncConfig(sync);
  } catch (error) {
    throw new ConfigError(`Invalid room engine limit: ${(error as Error).message}`);
  }
  const maxFrameBytes = sync.maxFrameBytes ?? defaultSyncConfig.maxFrameBytes;
  if (maxFrameBytes < 1) throw new ConfigError("TABLECLOTH_MAX_FRAME_BYTES must be at least 1.");
  const maxPayloadBytes =
    parsed.TABLECLOTH_MAX_PAYLOAD_BYTES ?? maxFrameBytes * serverDefaults.maxPayloadFactor;
  if (maxPayloadBytes <= maxFrameBytes) {
    throw new ConfigError(
      `TABLECLOTH_MAX_PAYLOAD_BYTES (${maxPayloadBytes}) must be above the engine's maxFrameBytes (${maxFrameBytes}), so oversize frames get the final close code 4413.`,
    );
  }
  const headersTimeoutMs = parsed.TABLECLOTH_HEADERS_TIMEOUT_MS;
  const requestTimeoutMs = parsed.TABLECLOTH_REQUEST_TIMEOUT_MS;
  if (requestTimeoutMs < headersTimeoutMs) {
    throw new ConfigError(
      `TABLECLOTH_REQUEST_TIMEOUT_MS (${requestTimeoutMs}) must be at least TABLECLOTH_HEADERS_TIMEOUT_MS (${headersTimeoutMs}).`,
    );
  }
  const maxConnections = parsed.TABLECLOTH_MAX_CONNECTIONS;
  const perAddress = parsed.TABLECLOTH_MAX_CONNECTIONS_PER_ADDRESS;
  if (perAddress !== undefined && perAddress > maxConnections) {
    const [min] = serverLimits.maxConnectionsPerAddress;
    throw new ConfigError(
      `TABLECLOTH_MAX_CONNECTIONS_PER_ADDRESS must be a whole number from ${min} to ${maxConnections}, got "${perAddress}".`,
    );
  }
  const maxConnectionsPerAddress =
    perAddress ?? Math.min(serverDefaults.maxConnectionsPerAddress, maxConnections);

  return {
    help,
    config: {
      port: parsed.PORT,
      host: parsed.HOST,
      dataDir,
      logLevel: parsed.LOG_LEVEL,
      clientDistDir: resolve(parsed.TABLECLOTH_CLIENT_DIST),
      sync,
      maxPayloadBytes,
      shutdownTimeoutMs: parsed.TABLECLOTH_SHUTDOWN_TIMEOUT_MS,
      heartbeatMs: parsed.TABLECLOTH_HEARTBEAT_MS,
      maxPendingUpgrades: parsed.TABLECLOTH_MAX_PENDING_UPGRADES,
      listenBacklog: parsed.TABLECLOTH_LISTEN_BACKLOG,
      headersTimeoutMs,
      requestTimeoutMs,
      maxConnections,
      maxConnectionsPerAddress,
      allowedOrigins: parsed.TABLECLOTH_ALLOWED_ORIGINS ?? null,
      publicOrigin: parsed.TABLECLOTH_PUBLIC_URL ?? null,
      allowLoopbackOrigins: parsed.NODE_ENV !== "production",
      metricsToken: parsed.TABLECLOTH_METRICS_TOKEN ?? null,
      databaseUrl: parsed.TABLECLOTH_DATABASE_URL ?? null,
      databaseSchema: parsed.TABLECLOTH_DATABASE_SCHEMA ?? null,
      instanceUrl: parsed.TABLECLOTH_INSTANCE_URL ?? null,
      leaseTtlMs: parsed.TABLECLOTH_LEASE_TTL_MS,
      socketLayer: parsed.TABLECLOTH_SOCKET_LAYER,
    },
  };
}

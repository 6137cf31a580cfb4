import type { RateLimit } from "../auth/RateLimiter";
import { ConfigError } from "../config";

/** Settings of the events API and its auth, from `TABLECLOTH_*` variables (see server/API.md). */
export interface ApiConfig {
  /** `TABLECLOTH_ADMIN_TOKEN`: when set, `POST /api/events` needs it as a bearer token. */
  adminToken: string | null;
  /**
   * `TABLECLOTH_TRUST_PROXY`: behind one reverse proxy, count the last `X-Forwarded-For` address
   * (the one the proxy saw) as the client's instead of the socket's.
   */
  trustProxy: boolean;
  /** `TABLECLOTH_PUBLIC_URL`: origin used in join links and QR codes; else the request's own. */
  publicUrl: string | null;
  /** `TABLECLOTH_TOKEN_LIFETIME_MS`: how long an issued token is valid. */
  tokenLifetimeMs: number;
  /** `TABLECLOTH_INVITE_LIFETIME_MS`: how long a co-facilitator invite code may be redeemed. */
  inviteLifetimeMs: number;
  /** `TABLECLOTH_JOIN_PER_MINUTE` / `_JOIN_BURST`: `POST /api/join` per client IP. */
  joinRate: RateLimit;
  /** `TABLECLOTH_CREATE_EVENT_PER_MINUTE` / `_CREATE_EVENT_BURST`: `POST /api/events` per IP. */
  createEventRate: RateLimit;
  /**
   * `TABLECLOTH_CONNECT_PER_MINUTE` / `_CONNECT_BURST`: sync connections (and history reads) per
   * participant, across all their tabs and devices. Generous: a participant moving between tables
   * opens one connection per move, and the stock client reconnects every 0.1–2.5 s after a drop.
   */
  connectRate: RateLimit;
  /**
   * `TABLECLOTH_API_PER_MINUTE` / `_API_BURST`: requests per participant to every authenticated
   * `/api` route (events, café, uploads, …), counted by participant, never by address.
   */
  apiRate: RateLimit;
  /** `TABLECLOTH_MAX_PARTICIPANTS_PER_EVENT`: people (not removed) one event may have. */
  maxParticipantsPerEvent: number;
  /**
   * `TABLECLOTH_JOINS_PER_ADDRESS`: new identities one client address may mint with one join
   * code. Half the cap by default: a venue's whole room fits (one address, up to 2,500 people),
   * and a flood from one address leaves the other half of the cap to everyone else. Rotating the
   * code gives every address a fresh share.
   */
  joinsPerAddress: number;
  /** `TABLECLOTH_UPLOAD_MAX_BYTES`: largest single upload; bigger gets 413. */
  uploadMaxBytes: number;
  /** `TABLECLOTH_UPLOAD_QUOTA_PER_EVENT_BYTES`: stored bytes one event's uploads may add up to. */
  uploadQuotaPerEventBytes: number;
  /** `TABLECLOTH_UPLOAD_QUOTA_PER_PARTICIPANT_BYTES`: the same for one participant. */
  uploadQuotaPerParticipantBytes: number;
  /** Largest JSON body accepted, in bytes; bigger gets 413. */
  maxBodyBytes: number;
  /** Participants and doc owners kept in memory for access checks (each). */
  membershipCacheEntries: number;
  /** Distinct client addresses remembered per rate limiter. */
  rateLimiterMaxKeys: number;
  /**
   * `TABLECLOTH_RENDER_BROWSER`: the Chromium that renders boards' pictures for exports (tldraw
   * needs a DOM). `auto` (default) uses `/usr/bin/chromium` or `/usr/bin/chromium-browser` when
   * present; `none` never renders (the export says what it left out); else a path.
   */
  renderBrowser: string;
  /** `TABLECLOTH_RENDER_TIMEOUT_MS`: longest one board's picture may take before it is left out. */
  renderTimeoutMs: number;
  /** `TABLECLOTH_RENDER_PAGES`: boards rendered at once in the one shared headless browser. */
  renderPages: number;
  /** `TABLECLOTH_RENDER_QUEUE`: renders waiting for a page; more are left out ("busy"). */
  renderQueue: number;
  /** `TABLECLOTH_MAX_CONCURRENT_EXPORTS`: exports built at once; more get 503 with `Retry-After`. */
  maxConcurrentExports: number;
}

const HOUR = 3_600_000;
const MIB = 1024 * 1024;

/**
 * Defaults, in one place. Per-IP limits only guard the unauthenticated endpoints and are generous
 * because a whole venue shares one address: 600 joins at once and 600 a minute after that.
 */
export const apiDefaults: Readonly<ApiConfig> = Object.freeze({
  adminToken: null,
  trustProxy: false,
  publicUrl: null,
  tokenLifetimeMs: 7 * 24 * HOUR,
  inviteLifetimeMs: 48 * HOUR,
  joinRate: { burst: 600, perMinute: 600 },
  createEventRate: { burst: 30, perMinute: 30 },
  connectRate: { burst: 120, perMinute: 600 },
  // A facilitator's café rotation is a handful of requests; 300 back to back and 20 a second
  // after that is far above any person and far below a script.
  apiRate: { burst: 300, perMinute: 1_200 },
  maxParticipantsPerEvent: 5_000,
  joinsPerAddress: 2_500,
  uploadMaxBytes: 10 * MIB,
  uploadQuotaPerEventBytes: 1024 * MIB,
  uploadQuotaPerParticipantBytes: 100 * MIB,
  maxBodyBytes: 64 * 1024,
  membershipCacheEntries: 100_000,
  rateLimiterMaxKeys: 100_000,
  renderBrowser: "auto",
  renderTimeoutMs: 30_000,
  renderPages: 2,
  renderQueue: 256,
  maxConcurrentExports: 2,
});

type Env = Readonly<Record<string, string | undefined>>;

function positiveInteger(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1) {
    throw new ConfigError(`${name} must be a whole number of at least 1, got "${raw}".`);
  }
  return value;
}

function flag(env: Env, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "" || raw === "0" || raw === "false" || raw === "no")
    return false;
  if (raw === "1" || raw === "true" || raw === "yes") return true;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}".`);
}

function publicUrl(env: Env): string | null {
  const raw = env.TABLECLOTH_PUBLIC_URL?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`TABLECLOTH_PUBLIC_URL must be an absolute URL, got "${raw}".`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(`TABLECLOTH_PUBLIC_URL must be http(s), got "${raw}".`);
  }
  return url.origin;
}

/** The cap and the per-address share; the share defaults to half the cap and may not exceed it. */
function joinLimits(env: Env): Pick<ApiConfig, "maxParticipantsPerEvent" | "joinsPerAddress"> {
  const maxParticipantsPerEvent = positiveInteger(
    env,
    "TABLECLOTH_MAX_PARTICIPANTS_PER_EVENT",
    apiDefaults.maxParticipantsPerEvent,
  );
  const joinsPerAddress = positiveInteger(
    env,
    "TABLECLOTH_JOINS_PER_ADDRESS",
    Math.ceil(maxParticipantsPerEvent / 2),
  );
  if (joinsPerAddress > maxParticipantsPerEvent) {
    throw new ConfigError(
      `TABLECLOTH_JOINS_PER_ADDRESS (${joinsPerAddress}) may not exceed TABLECLOTH_MAX_PARTICIPANTS_PER_EVENT (${maxParticipantsPerEvent}).`,
    );
  }
  return { maxParticipantsPerEvent, joinsPerAddress };
}

/** Builds the API settings from the environment; throws `ConfigError` naming a bad variable. */
export function apiConfigFromEnv(env: Env): ApiConfig {
  const adminToken = env.TABLECLOTH_ADMIN_TOKEN?.trim();
  return {
    ...apiDefaults,
    adminToken: adminToken ? adminToken : null,
    trustProxy: flag(env, "TABLECLOTH_TRUST_PROXY"),
    publicUrl: publicUrl(env),
    tokenLifetimeMs: positiveInteger(
      env,
      "TABLECLOTH_TOKEN_LIFETIME_MS",
      apiDefaults.tokenLifetimeMs,
    ),
    inviteLifetimeMs: positiveInteger(
      env,
      "TABLECLOTH_INVITE_LIFETIME_MS",
      apiDefaults.inviteLifetimeMs,
    ),
    joinRate: {
      perMinute: positiveInteger(env, "TABLECLOTH_JOIN_PER_MINUTE", apiDefaults.joinRate.perMinute),
      burst: positiveInteger(env, "TABLECLOTH_JOIN_BURST", apiDefaults.joinRate.burst),
    },
    connectRate: {
      perMinute: positiveInteger(
        env,
        "TABLECLOTH_CONNECT_PER_MINUTE",
        apiDefaults.connectRate.perMinute,
      ),
      burst: positiveInteger(env, "TABLECLOTH_CONNECT_BURST", apiDefaults.connectRate.burst),
    },
    apiRate: {
      perMinute: positiveInteger(env, "TABLECLOTH_API_PER_MINUTE", apiDefaults.apiRate.perMinute),
      burst: positiveInteger(env, "TABLECLOTH_API_BURST", apiDefaults.apiRate.burst),
    },
    ...joinLimits(env),
    uploadMaxBytes: positiveInteger(env, "TABLECLOTH_UPLOAD_MAX_BYTES", apiDefaults.uploadMaxBytes),
    uploadQuotaPerEventBytes: positiveInteger(
      env,
      "TABLECLOTH_UPLOAD_QUOTA_PER_EVENT_BYTES",
      apiDefaults.uploadQuotaPerEventBytes,
    ),
    uploadQuotaPerParticipantBytes: positiveInteger(
      env,
      "TABLECLOTH_UPLOAD_QUOTA_PER_PARTICIPANT_BYTES",
      apiDefaults.uploadQuotaPerParticipantBytes,
    ),
    renderBrowser: env.TABLECLOTH_RENDER_BROWSER?.trim() || apiDefaults.renderBrowser,
    renderTimeoutMs: positiveInteger(
      env,
      "TABLECLOTH_RENDER_TIMEOUT_MS",
      apiDefaults.renderTimeoutMs,
    ),
    renderPages: positiveInteger(env, "TABLECLOTH_RENDER_PAGES", apiDefaults.renderPages),
    renderQueue: positiveInteger(env, "TABLECLOTH_RENDER_QUEUE", apiDefaults.renderQueue),
    maxConcurrentExports: positiveInteger(
      env,
      "TABLECLOTH_MAX_CONCURRENT_EXPORTS",
      apiDefaults.maxConcurrentExports,
    ),
    createEventRate: {
      perMinute: positiveInteger(
        env,
        "TABLECLOTH_CREATE_EVENT_PER_MINUTE",
        apiDefaults.createEventRate.perMinute,
      ),
      burst: positiveInteger(
        env,
        "TABLECLOTH_CREATE_EVENT_BURST",
        apiDefaults.createEventRate.burst,
      ),
    },
  };
}

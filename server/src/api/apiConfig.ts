import { z } from "zod";
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
  /**
   * `TABLECLOTH_RENDER_WARM_UP`: at server start, in the background, start the render browser and
   * render a small PATH poster on one page, then keep that browser and page open (Chromium's PSS
   * measured here, helpers included: 641 MiB after the warm-up, 505 MiB after a 1,000-note
   * poster; 330 MiB warmed on the page alone) instead of closing them after 30 s idle, so the
   * first export does not pay for them. Off by default: a cold 1,000-note poster measured 8.5 s
   * against 5.6 s warm, not worth half a gigabyte held for the server's whole life.
   */
  renderWarmUp: boolean;
  /** `TABLECLOTH_MAX_CONCURRENT_EXPORTS`: exports built at once; more get 503 with `Retry-After`. */
  maxConcurrentExports: number;
  /**
   * `TABLECLOTH_CAFE_CLOCK_TICK_MS`: how often the server looks at the running café rounds of the
   * control docs it holds, to act when one's countdown reaches 0 (auto-rotate); a round's end is
   * acted on at most this late.
   */
  cafeClockTickMs: number;
  /**
   * `TABLECLOTH_CAFE_SEAT_GRACE_MS`: how long someone in the café may have no connection at all
   * before they lose their seat (and their place in the café), so the planner stops keeping empty
   * seats; back within it, they keep it. Long enough for a phone that slept or a coffee.
   */
  cafeSeatGraceMs: number;
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
  renderWarmUp: false,
  maxConcurrentExports: 2,
  cafeClockTickMs: 1_000,
  cafeSeatGraceMs: 5 * 60_000,
});

type Env = Readonly<Record<string, string | undefined>>;

const WHOLE = /^\d+$/;

/** A whole number of at least 1 read from the variable `name`; the message names it. */
function positive(name: string) {
  return z.string().transform((raw, ctx) => {
    const trimmed = raw.trim();
    const value = Number(trimmed);
    if (!WHOLE.test(trimmed) || !Number.isSafeInteger(value) || value < 1) {
      ctx.addIssue({
        code: "custom",
        message: `${name} must be a whole number of at least 1, got "${trimmed}".`,
      });
      return z.NEVER;
    }
    return value;
  });
}

const TRUE = new Set(["1", "true", "yes"]);
const FALSE = new Set(["0", "false", "no"]);

/** A yes/no variable; unset or blank is no. */
function flag(name: string) {
  return z.string().transform((raw, ctx) => {
    const value = raw.trim().toLowerCase();
    if (TRUE.has(value)) return true;
    if (FALSE.has(value)) return false;
    ctx.addIssue({ code: "custom", message: `${name} must be true or false, got "${raw}".` });
    return z.NEVER;
  });
}

const publicUrl = z.string().transform((raw, ctx) => {
  const trimmed = raw.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    ctx.addIssue({
      code: "custom",
      message: `TABLECLOTH_PUBLIC_URL must be an absolute URL, got "${trimmed}".`,
    });
    return z.NEVER;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    ctx.addIssue({
      code: "custom",
      message: `TABLECLOTH_PUBLIC_URL must be http(s), got "${trimmed}".`,
    });
    return z.NEVER;
  }
  return url.origin;
});

const text = z.string().transform((raw) => raw.trim());

/** The positive whole-number variables, each with its default (`null`: derived, see below). */
const numbers = {
  TABLECLOTH_TOKEN_LIFETIME_MS: apiDefaults.tokenLifetimeMs,
  TABLECLOTH_INVITE_LIFETIME_MS: apiDefaults.inviteLifetimeMs,
  TABLECLOTH_JOIN_PER_MINUTE: apiDefaults.joinRate.perMinute,
  TABLECLOTH_JOIN_BURST: apiDefaults.joinRate.burst,
  TABLECLOTH_CREATE_EVENT_PER_MINUTE: apiDefaults.createEventRate.perMinute,
  TABLECLOTH_CREATE_EVENT_BURST: apiDefaults.createEventRate.burst,
  TABLECLOTH_CONNECT_PER_MINUTE: apiDefaults.connectRate.perMinute,
  TABLECLOTH_CONNECT_BURST: apiDefaults.connectRate.burst,
  TABLECLOTH_API_PER_MINUTE: apiDefaults.apiRate.perMinute,
  TABLECLOTH_API_BURST: apiDefaults.apiRate.burst,
  TABLECLOTH_MAX_PARTICIPANTS_PER_EVENT: apiDefaults.maxParticipantsPerEvent,
  TABLECLOTH_UPLOAD_MAX_BYTES: apiDefaults.uploadMaxBytes,
  TABLECLOTH_UPLOAD_QUOTA_PER_EVENT_BYTES: apiDefaults.uploadQuotaPerEventBytes,
  TABLECLOTH_UPLOAD_QUOTA_PER_PARTICIPANT_BYTES: apiDefaults.uploadQuotaPerParticipantBytes,
  TABLECLOTH_RENDER_TIMEOUT_MS: apiDefaults.renderTimeoutMs,
  TABLECLOTH_RENDER_PAGES: apiDefaults.renderPages,
  TABLECLOTH_RENDER_QUEUE: apiDefaults.renderQueue,
  TABLECLOTH_MAX_CONCURRENT_EXPORTS: apiDefaults.maxConcurrentExports,
  TABLECLOTH_CAFE_CLOCK_TICK_MS: apiDefaults.cafeClockTickMs,
  TABLECLOTH_CAFE_SEAT_GRACE_MS: apiDefaults.cafeSeatGraceMs,
} as const;

type NumberName = keyof typeof numbers;

/**
 * Every `TABLECLOTH_*` variable of the events API, declared once (the server process's own are in
 * `../config.ts`'s `envSchema`): its parser and default. Blank values count as unset.
 */
export const apiEnvSchema = z.object({
  TABLECLOTH_ADMIN_TOKEN: text.optional(),
  TABLECLOTH_TRUST_PROXY: flag("TABLECLOTH_TRUST_PROXY").default(apiDefaults.trustProxy),
  TABLECLOTH_PUBLIC_URL: publicUrl.optional(),
  TABLECLOTH_RENDER_BROWSER: text.default(apiDefaults.renderBrowser),
  TABLECLOTH_RENDER_WARM_UP: flag("TABLECLOTH_RENDER_WARM_UP").default(apiDefaults.renderWarmUp),
  // Defaults to half the participant cap, so it has no fixed default here.
  TABLECLOTH_JOINS_PER_ADDRESS: positive("TABLECLOTH_JOINS_PER_ADDRESS").optional(),
  ...(Object.fromEntries(
    Object.entries(numbers).map(([name, fallback]) => [name, positive(name).default(fallback)]),
  ) as { [K in NumberName]: z.ZodDefault<ReturnType<typeof positive>> }),
});

/** Builds the API settings from the environment; throws `ConfigError` naming a bad variable. */
export function apiConfigFromEnv(env: Env): ApiConfig {
  const input: Record<string, string> = {};
  for (const name of Object.keys(apiEnvSchema.shape)) {
    const value = env[name];
    if (value !== undefined && value.trim() !== "") input[name] = value;
  }
  const result = apiEnvSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = issue?.path.join(".") || "configuration";
    throw new ConfigError(issue?.code === "custom" ? issue.message : `${name}: ${issue?.message}`);
  }
  const v = result.data;
  const maxParticipantsPerEvent = v.TABLECLOTH_MAX_PARTICIPANTS_PER_EVENT;
  // The per-address share defaults to half the cap and may not exceed it.
  const joinsPerAddress = v.TABLECLOTH_JOINS_PER_ADDRESS ?? Math.ceil(maxParticipantsPerEvent / 2);
  if (joinsPerAddress > maxParticipantsPerEvent) {
    throw new ConfigError(
      `TABLECLOTH_JOINS_PER_ADDRESS (${joinsPerAddress}) may not exceed TABLECLOTH_MAX_PARTICIPANTS_PER_EVENT (${maxParticipantsPerEvent}).`,
    );
  }
  return {
    ...apiDefaults,
    adminToken: v.TABLECLOTH_ADMIN_TOKEN || null,
    trustProxy: v.TABLECLOTH_TRUST_PROXY,
    publicUrl: v.TABLECLOTH_PUBLIC_URL ?? null,
    tokenLifetimeMs: v.TABLECLOTH_TOKEN_LIFETIME_MS,
    inviteLifetimeMs: v.TABLECLOTH_INVITE_LIFETIME_MS,
    joinRate: { perMinute: v.TABLECLOTH_JOIN_PER_MINUTE, burst: v.TABLECLOTH_JOIN_BURST },
    createEventRate: {
      perMinute: v.TABLECLOTH_CREATE_EVENT_PER_MINUTE,
      burst: v.TABLECLOTH_CREATE_EVENT_BURST,
    },
    connectRate: { perMinute: v.TABLECLOTH_CONNECT_PER_MINUTE, burst: v.TABLECLOTH_CONNECT_BURST },
    apiRate: { perMinute: v.TABLECLOTH_API_PER_MINUTE, burst: v.TABLECLOTH_API_BURST },
    maxParticipantsPerEvent,
    joinsPerAddress,
    uploadMaxBytes: v.TABLECLOTH_UPLOAD_MAX_BYTES,
    uploadQuotaPerEventBytes: v.TABLECLOTH_UPLOAD_QUOTA_PER_EVENT_BYTES,
    uploadQuotaPerParticipantBytes: v.TABLECLOTH_UPLOAD_QUOTA_PER_PARTICIPANT_BYTES,
    renderBrowser: v.TABLECLOTH_RENDER_BROWSER || apiDefaults.renderBrowser,
    renderTimeoutMs: v.TABLECLOTH_RENDER_TIMEOUT_MS,
    renderPages: v.TABLECLOTH_RENDER_PAGES,
    renderQueue: v.TABLECLOTH_RENDER_QUEUE,
    renderWarmUp: v.TABLECLOTH_RENDER_WARM_UP,
    maxConcurrentExports: v.TABLECLOTH_MAX_CONCURRENT_EXPORTS,
    cafeClockTickMs: v.TABLECLOTH_CAFE_CLOCK_TICK_MS,
    cafeSeatGraceMs: v.TABLECLOTH_CAFE_SEAT_GRACE_MS,
  };
}

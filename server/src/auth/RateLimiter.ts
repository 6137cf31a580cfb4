import { type TokenBucket, takeToken } from "@tablecloth/sync";

/** A token bucket: `burst` requests at once, refilled at `perMinute`. */
export interface RateLimit {
  /** Requests allowed back to back from a full bucket. */
  burst: number;
  /** Sustained rate: tokens added per minute. */
  perMinute: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

export interface RateLimiterOptions {
  /** Clock in epoch ms; injected so tests need no real time. */
  now?: () => number;
  /**
   * Most keys remembered. Beyond it the least recently used key is forgotten, which only ever
   * resets a bucket to full: memory stays bounded under a flood of distinct keys.
   */
  maxKeys?: number;
}

const MS_PER_MINUTE = 60_000;
const DEFAULT_MAX_KEYS = 100_000;

/** Token-bucket rate limiting per key (a participant id, an IP address); the rule is `takeToken`. */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly now: () => number;
  private readonly maxKeys: number;
  private readonly perMs: number;

  constructor(
    readonly limit: RateLimit,
    options: RateLimiterOptions = {},
  ) {
    if (!(limit.burst >= 1) || !(limit.perMinute > 0)) {
      throw new RangeError("a rate limit needs burst >= 1 and perMinute > 0");
    }
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    this.perMs = limit.perMinute / MS_PER_MINUTE;
  }

  /** Takes one token for `key`, or says how long until one is available. */
  take(key: string): RateDecision {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now };
    // Re-insert so Map order is least-recently-used first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    this.evict();
    const retryAfterMs = takeToken(bucket, now, this.perMs, this.limit.burst);
    return retryAfterMs === 0 ? { ok: true } : { ok: false, retryAfterMs };
  }

  /** Keys currently remembered (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  private evict(): void {
    while (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next();
      if (oldest.done) return;
      this.buckets.delete(oldest.value);
    }
  }
}

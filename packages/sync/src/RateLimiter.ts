/** A token bucket's state: tokens left at time `at` (ms). */
export interface TokenBucket {
  tokens: number;
  at: number;
}

/**
 * The one token-bucket rule (the engine's per-participant limiter and the server's per-key
 * `RateLimiter` both use it): refills `bucket` at `perMs` tokens a millisecond up to `burst`, then
 * takes one token. Returns 0 when taken, else the milliseconds until a token is available.
 */
export function takeToken(bucket: TokenBucket, now: number, perMs: number, burst: number): number {
  const elapsed = now - bucket.at;
  if (elapsed > 0) {
    bucket.tokens = Math.min(burst, bucket.tokens + elapsed * perMs);
    bucket.at = now;
  }
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return 0;
  }
  return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs));
}

interface Bucket extends TokenBucket {
  /** Open connections of this participant; the bucket is dropped when it reaches 0. */
  connections: number;
}

/**
 * One token bucket per participant (not per IP: a whole venue shares one address), shared by all
 * of that participant's connections.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {}

  /** Registers a connection of `userId`. */
  acquire(userId: string): void {
    const bucket = this.buckets.get(userId);
    if (bucket) bucket.connections++;
    else this.buckets.set(userId, { tokens: this.burst, at: this.now(), connections: 1 });
  }

  /** Unregisters a connection of `userId`; a participant reconnecting within the same tick keeps their bucket. */
  release(userId: string): void {
    const bucket = this.buckets.get(userId);
    if (!bucket) return;
    bucket.connections--;
    if (bucket.connections <= 0) this.buckets.delete(userId);
  }

  /** Takes one token; false when the participant is over the limit. */
  take(userId: string): boolean {
    const bucket = this.buckets.get(userId);
    if (!bucket) return true;
    return takeToken(bucket, this.now(), this.perSecond / 1000, this.burst) === 0;
  }
}

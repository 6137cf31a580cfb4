interface Bucket {
  tokens: number;
  updatedAt: number;
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
    else this.buckets.set(userId, { tokens: this.burst, updatedAt: this.now(), connections: 1 });
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
    const now = this.now();
    const elapsed = now - bucket.updatedAt;
    if (elapsed > 0) {
      bucket.tokens = Math.min(this.burst, bucket.tokens + (elapsed * this.perSecond) / 1000);
      bucket.updatedAt = now;
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

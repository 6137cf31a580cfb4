import { describe, expect, it } from "vitest";
import { RateLimiter } from "./RateLimiter";

function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("RateLimiter", () => {
  it("allows a burst, then refuses with the time until the next token", () => {
    const c = clock();
    const limiter = new RateLimiter({ burst: 3, perMinute: 60 }, { now: c.now });
    expect([limiter.take("a"), limiter.take("a"), limiter.take("a")]).toEqual([
      { ok: true },
      { ok: true },
      { ok: true },
    ]);
    expect(limiter.take("a")).toEqual({ ok: false, retryAfterMs: 1000 });
    c.advance(999);
    expect(limiter.take("a").ok).toBe(false);
    c.advance(1);
    expect(limiter.take("a")).toEqual({ ok: true });
  });

  it("keeps keys apart", () => {
    const limiter = new RateLimiter({ burst: 1, perMinute: 1 }, { now: () => 0 });
    expect(limiter.take("a").ok).toBe(true);
    expect(limiter.take("a").ok).toBe(false);
    expect(limiter.take("b").ok).toBe(true);
  });

  it("refills no higher than the burst", () => {
    const c = clock();
    const limiter = new RateLimiter({ burst: 2, perMinute: 60 }, { now: c.now });
    limiter.take("a");
    c.advance(3_600_000);
    expect(limiter.take("a").ok).toBe(true);
    expect(limiter.take("a").ok).toBe(true);
    expect(limiter.take("a").ok).toBe(false);
  });

  it("forgets the least recently used key beyond maxKeys", () => {
    const limiter = new RateLimiter({ burst: 1, perMinute: 1 }, { now: () => 0, maxKeys: 2 });
    limiter.take("a");
    limiter.take("b");
    limiter.take("a");
    limiter.take("c");
    expect(limiter.size).toBe(2);
    // "b" was forgotten (full bucket again), "a" was kept (still empty).
    expect(limiter.take("a").ok).toBe(false);
    expect(limiter.take("b").ok).toBe(true);
  });

  it("rejects a limit that would refuse everything", () => {
    expect(() => new RateLimiter({ burst: 0, perMinute: 10 })).toThrow(RangeError);
  });
});

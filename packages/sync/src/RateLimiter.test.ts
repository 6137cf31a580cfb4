import { describe, expect, it } from "vitest";
import { RateLimiter, takeToken } from "./RateLimiter";

describe("RateLimiter", () => {
  it("shares one bucket between a participant's connections and refills it over time", () => {
    let now = 0;
    const limiter = new RateLimiter(10, 3, () => now);
    limiter.acquire("alice");
    limiter.acquire("alice");
    limiter.acquire("bob");
    expect([limiter.take("alice"), limiter.take("alice"), limiter.take("alice")]).toEqual([
      true,
      true,
      true,
    ]);
    expect(limiter.take("alice")).toBe(false);
    expect(limiter.take("bob")).toBe(true);
    now += 100;
    expect(limiter.take("alice")).toBe(true);
    expect(limiter.take("alice")).toBe(false);
    limiter.release("alice");
    expect(limiter.take("alice")).toBe(false);
    limiter.release("alice");
    limiter.acquire("alice");
    expect(limiter.take("alice")).toBe(true);
  });
});

describe("takeToken", () => {
  it("takes from a full bucket, then says how long until the next token, refilling up to burst", () => {
    const bucket = { tokens: 2, at: 0 };
    expect(takeToken(bucket, 0, 0.001, 2)).toBe(0);
    expect(takeToken(bucket, 0, 0.001, 2)).toBe(0);
    expect(takeToken(bucket, 0, 0.001, 2)).toBe(1000);
    expect(takeToken(bucket, 400, 0.001, 2)).toBe(600);
    expect(takeToken(bucket, 1000, 0.001, 2)).toBe(0);
    expect(takeToken(bucket, 100_000, 0.001, 2)).toBe(0);
    expect(bucket.tokens).toBe(1);
  });
});

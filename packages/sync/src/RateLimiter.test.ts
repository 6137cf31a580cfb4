import { describe, expect, it } from "vitest";
import { RateLimiter } from "./RateLimiter";

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

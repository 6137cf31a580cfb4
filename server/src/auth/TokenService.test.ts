import { describe, expect, it } from "vitest";
import { TokenError, TokenService } from "./TokenService";

const secret = new TextEncoder().encode("a test secret that is at least thirty-two bytes long");
const subject = { eventId: "ev1", participantId: "p1", role: "participant" as const };

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TokenError) return error.reason;
    throw error;
  }
  return "accepted";
}

describe("TokenService", () => {
  it("round-trips claims and sets the expiry from the lifetime", async () => {
    const tokens = new TokenService(secret, { lifetimeMs: 60_000, now: () => 1_000_000 });
    const { token, claims } = await tokens.issue(subject);
    expect(claims).toMatchObject({ ...subject, expiresAt: 1_060_000 });
    expect(await tokens.verify(token)).toEqual(claims);
  });

  it("refuses an expired token", async () => {
    let now = 1_000_000;
    const tokens = new TokenService(secret, { lifetimeMs: 60_000, now: () => now });
    const { token } = await tokens.issue(subject);
    now += 60_000;
    expect(await failure(tokens.verify(token))).toBe("expired");
  });

  it("refuses a token with a changed payload or signed with another secret", async () => {
    const tokens = new TokenService(secret, { lifetimeMs: 60_000 });
    const { token } = await tokens.issue(subject);
    const [header, , signature] = token.split(".");
    const forged = Buffer.from(
      JSON.stringify({ ev: "ev1", sub: "p1", role: "facilitator", exp: 9e9, jti: "x" }),
    ).toString("base64url");
    expect(await failure(tokens.verify(`${header}.${forged}.${signature}`))).toBe("tampered");

    const other = new TokenService(new TextEncoder().encode("x".repeat(32)), {
      lifetimeMs: 60_000,
    });
    expect(await failure(other.verify(token))).toBe("tampered");
  });

  it("refuses garbage and unsigned tokens as malformed", async () => {
    const tokens = new TokenService(secret, { lifetimeMs: 60_000 });
    expect(await failure(tokens.verify(""))).toBe("malformed");
    expect(await failure(tokens.verify("not.a.token"))).toBe("malformed");
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(
      JSON.stringify({ ev: "ev1", sub: "p1", role: "facilitator", exp: 9e9, jti: "x" }),
    ).toString("base64url")}.`;
    expect(await failure(tokens.verify(none))).toBe("malformed");
  });

  it("still expires a token it verified before (and remembered)", async () => {
    let now = 1_000_000;
    const tokens = new TokenService(secret, { lifetimeMs: 60_000, now: () => now });
    const { token, claims } = await tokens.issue(subject);
    expect(await tokens.verify(token)).toEqual(claims);
    now += 59_000;
    expect(await tokens.verify(token)).toEqual(claims);
    now += 1_000;
    expect(await failure(tokens.verify(token))).toBe("expired");
    expect(await failure(tokens.verify(token))).toBe("expired");
  });

  it("forgets the oldest verified tokens past its cache size, and still verifies them", async () => {
    let now = 1_000_000;
    const tokens = new TokenService(secret, {
      lifetimeMs: 60_000,
      now: () => now,
      verifiedCacheSize: 2,
    });
    const issued = await Promise.all([1, 2, 3].map(() => tokens.issue(subject)));
    for (const { token } of issued) await tokens.verify(token);
    for (const { token, claims } of issued) expect(await tokens.verify(token)).toEqual(claims);
    now += 60_000;
    for (const { token } of issued) expect(await failure(tokens.verify(token))).toBe("expired");
  });
});

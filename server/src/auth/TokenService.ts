import { type Role, RoleSchema } from "@tablecloth/protocol";
import { errors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { newId } from "../events/ids";

/** What a token says: who, in which event, with which role, until when. */
export interface TokenClaims {
  eventId: string;
  participantId: string;
  role: Role;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** The token's own id (`jti`). */
  tokenId: string;
}

export type TokenFailure = "malformed" | "tampered" | "expired";

/** A token that cannot be trusted; `reason` is safe to log (the token itself never is). */
export class TokenError extends Error {
  override readonly name = "TokenError";
  constructor(readonly reason: TokenFailure) {
    super(`token ${reason}`);
  }
}

export interface TokenServiceOptions {
  /** How long an issued token is valid, in ms. */
  lifetimeMs: number;
  /** Clock in epoch ms; injected so expiry is testable without waiting. */
  now?: () => number;
  /**
   * Verified tokens remembered (oldest forgotten first), so a reconnect (every café round, every
   * network blip) skips the HMAC: on the herd benchmark verification was a quarter of the server's
   * CPU per connection. Expiry is still checked on every use. 0 disables.
   */
  verifiedCacheSize?: number;
}

/** Default of `TokenServiceOptions.verifiedCacheSize`: a large venue's tokens, a few MB at most. */
export const DEFAULT_VERIFIED_TOKEN_CACHE_SIZE = 10_000;

const ALGORITHM = "HS256";

const PayloadSchema = z.object({
  ev: z.string().min(1),
  sub: z.string().min(1),
  role: RoleSchema,
  exp: z.number(),
  jti: z.string().min(1),
});

/** Issues and verifies the HS256 tokens (claims `ev`, `sub`, `role`, `exp`, `jti`). */
export class TokenService {
  private readonly now: () => number;
  private readonly verifiedCacheSize: number;
  /** Token → its claims, for tokens whose signature was verified; insertion-ordered. */
  private readonly verified = new Map<string, Readonly<TokenClaims>>();

  constructor(
    private readonly secret: Uint8Array,
    private readonly options: TokenServiceOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.verifiedCacheSize = options.verifiedCacheSize ?? DEFAULT_VERIFIED_TOKEN_CACHE_SIZE;
  }

  async issue(subject: {
    eventId: string;
    participantId: string;
    role: Role;
  }): Promise<{ token: string; claims: TokenClaims }> {
    const nowSeconds = Math.floor(this.now() / 1000);
    const exp = nowSeconds + Math.ceil(this.options.lifetimeMs / 1000);
    const tokenId = newId();
    const token = await new SignJWT({ ev: subject.eventId, role: subject.role })
      .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
      .setSubject(subject.participantId)
      .setIssuedAt(nowSeconds)
      .setExpirationTime(exp)
      .setJti(tokenId)
      .sign(this.secret);
    return {
      token,
      claims: { ...subject, expiresAt: exp * 1000, tokenId },
    };
  }

  /** The token's claims, or a `TokenError` saying why it cannot be trusted. */
  async verify(token: string): Promise<TokenClaims> {
    const cached = this.verified.get(token);
    if (cached !== undefined) {
      // As jose: expired once the current whole second reaches `exp`.
      if (Math.floor(this.now() / 1000) * 1000 < cached.expiresAt) return { ...cached };
      this.verified.delete(token);
      throw new TokenError("expired");
    }
    const claims = await this.verifySignature(token);
    if (this.verifiedCacheSize > 0) {
      if (this.verified.size >= this.verifiedCacheSize) {
        const oldest = this.verified.keys().next();
        if (!oldest.done) this.verified.delete(oldest.value);
      }
      this.verified.set(token, Object.freeze({ ...claims }));
    }
    return claims;
  }

  private async verifySignature(token: string): Promise<TokenClaims> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.secret, {
        algorithms: [ALGORITHM],
        currentDate: new Date(this.now()),
        requiredClaims: ["exp", "sub", "jti"],
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new TokenError("expired");
      if (error instanceof errors.JWSSignatureVerificationFailed) throw new TokenError("tampered");
      throw new TokenError("malformed");
    }
    const parsed = PayloadSchema.safeParse(payload);
    if (!parsed.success) throw new TokenError("malformed");
    const { ev, sub, role, exp, jti } = parsed.data;
    return { eventId: ev, participantId: sub, role, expiresAt: exp * 1000, tokenId: jti };
  }
}

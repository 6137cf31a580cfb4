import type { Context, MiddlewareHandler } from "hono";
import { forbidden, rateLimited, unauthenticated } from "../api/ApiError";
import { type Authentication, authenticate, bearerToken, type Caller } from "./authenticate";
import type { MembershipCache } from "./MembershipCache";
import type { RateLimiter } from "./RateLimiter";
import type { TokenService } from "./TokenService";

declare module "hono" {
  interface ContextVariableMap {
    /** The request's bearer token, checked once (`CallerGate`). */
    tableclothAuth: Authentication;
    /** Set once the caller was charged against their per-participant bucket. */
    tableclothCharged: true;
  }
}

export interface CallerGateDeps {
  tokens: TokenService;
  membership: MembershipCache;
  /** Requests per participant to authenticated routes. */
  limiter: RateLimiter;
}

/**
 * Who is calling, decided once per request however many middlewares and routes ask: checks the
 * bearer token (`authenticate`), keeps the answer on the context, and charges a valid caller's
 * per-participant bucket exactly once (429 past it). Per participant, never per address: a venue
 * shares one. Their id survives reconnects and re-joins from the same browser, so the bucket does.
 */
export class CallerGate {
  constructor(private readonly deps: CallerGateDeps) {}

  /** The request's authentication (cached), charging a valid caller; throws 429 past the limit. */
  async authentication(c: Context): Promise<Authentication> {
    let auth = c.get("tableclothAuth");
    if (auth === undefined) {
      auth = await authenticate(
        bearerToken(c.req.header("Authorization")),
        this.deps.tokens,
        this.deps.membership,
      );
      c.set("tableclothAuth", auth);
    }
    if (auth.ok && c.get("tableclothCharged") === undefined) {
      c.set("tableclothCharged", true);
      const decision = this.deps.limiter.take(auth.caller.participant.id);
      if (!decision.ok) throw rateLimited(decision.retryAfterMs);
    }
    return auth;
  }

  /** The caller, or 401 (no or bad token) / 403 (removed). */
  async require(c: Context): Promise<Caller> {
    return callerOf(await this.authentication(c));
  }

  /**
   * For the whole of `/api/*`, ahead of every sub-app (café and uploads included, whose own checks
   * then reuse the answer): charges whoever a valid token names. A missing or bad token passes
   * through; the route decides (some take other bearer tokens, e.g. the admin token).
   */
  readonly middleware: MiddlewareHandler = async (c, next) => {
    await this.authentication(c);
    await next();
  };
}

/** The caller an authentication names, or 401 (no or bad token) / 403 (removed). */
export function callerOf(auth: Authentication): Caller {
  if (auth.ok) return auth.caller;
  if (auth.failure === "forbidden") throw forbidden("This participant was removed from the event.");
  throw unauthenticated("A valid bearer token is required.");
}

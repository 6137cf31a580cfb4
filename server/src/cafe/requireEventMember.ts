import type { Context } from "hono";
import { ApiError, forbidden, notFound, unauthenticated } from "../api/ApiError";
import { authenticate, bearerToken, type Caller } from "../auth/authenticate";
import type { MembershipCache } from "../auth/MembershipCache";
import { canManageEvent } from "../auth/permissions";
import type { TokenService } from "../auth/TokenService";
import type { EventRecord, EventStore } from "../events/EventStore";

export interface MemberCheckDeps {
  eventStore: EventStore;
  tokens: TokenService;
  membership: MembershipCache;
}

/** Who may call a café route: anyone of the event, people who may sit at a table, or facilitators. */
export type CafeAudience = "member" | "participant" | "facilitator";

/**
 * The caller and the event of the path (`:eventId`), which must be the caller's and a World Café;
 * 401/403/404 otherwise. `participant` admits people who sit at tables (not observers).
 */
export async function requireEventMember(
  c: Context,
  deps: MemberCheckDeps,
  audience: CafeAudience,
): Promise<{ caller: Caller; event: EventRecord }> {
  const auth = await authenticate(
    bearerToken(c.req.header("Authorization")),
    deps.tokens,
    deps.membership,
  );
  if (!auth.ok) {
    if (auth.failure === "forbidden")
      throw forbidden("This participant was removed from the event.");
    throw unauthenticated("A valid bearer token is required.");
  }
  const { caller } = auth;
  const event = await deps.eventStore.getEvent(c.req.param("eventId") ?? "");
  if (!event) throw notFound("No such event.");
  if (event.id !== caller.participant.eventId) throw forbidden("This token is for another event.");
  if (event.format !== "world-cafe") {
    throw new ApiError(409, "conflict", "This event is not a World Café.");
  }
  const { role } = caller.participant;
  if (audience === "facilitator" && !canManageEvent(role)) {
    throw forbidden("Only facilitators may do this.");
  }
  if (audience === "participant" && role !== "participant") {
    throw forbidden("Only participants sit at café tables.");
  }
  return { caller, event };
}

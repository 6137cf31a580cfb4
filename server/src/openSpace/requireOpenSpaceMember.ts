import type { Actor } from "@tablecloth/open-space";
import type { Context } from "hono";
import { ApiError, forbidden, notFound, unauthenticated } from "../api/ApiError";
import { authenticate, bearerToken } from "../auth/authenticate";
import type { MembershipCache } from "../auth/MembershipCache";
import { canManageEvent } from "../auth/permissions";
import type { TokenService } from "../auth/TokenService";
import type { EventRecord, EventStore } from "../events/EventStore";

export interface OpenSpaceMemberDeps {
  eventStore: EventStore;
  tokens: TokenService;
  membership: MembershipCache;
}

/** Who may call an Open Space route: anyone of the event, anyone but observers, or facilitators. */
export type OpenSpaceAudience = "member" | "contributor" | "facilitator";

/**
 * The caller (as the rules' `Actor`, with the name and role from the store, never from the
 * request) and the event of the path, which must be the caller's and an Open Space; 401, 403,
 * 404 or 409 otherwise.
 */
export async function requireOpenSpaceMember(
  c: Context,
  deps: OpenSpaceMemberDeps,
  audience: OpenSpaceAudience,
): Promise<{ actor: Actor; event: EventRecord }> {
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
  const { participant } = auth.caller;
  const event = await deps.eventStore.getEvent(c.req.param("eventId") ?? "");
  if (!event) throw notFound("No such event.");
  if (event.id !== participant.eventId) throw forbidden("This token is for another event.");
  if (event.format !== "open-space") {
    throw new ApiError(409, "conflict", "This event is not an Open Space.");
  }
  const role = canManageEvent(participant.role)
    ? "facilitator"
    : participant.role === "observer"
      ? "observer"
      : "participant";
  if (audience === "facilitator" && role !== "facilitator") {
    throw forbidden("Only facilitators may do this.");
  }
  if (audience === "contributor" && role === "observer") {
    throw forbidden("Observers watch; they do not post, sign up or move.");
  }
  return { actor: { id: participant.id, name: participant.name, role }, event };
}

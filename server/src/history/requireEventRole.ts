import type { Context } from "hono";
import { forbidden, notFound, unauthenticated } from "../api/ApiError";
import { authenticate, bearerToken, type Caller } from "../auth/authenticate";
import type { MembershipCache } from "../auth/MembershipCache";
import { canManageEvent } from "../auth/permissions";
import type { TokenService } from "../auth/TokenService";
import type { BoardRecord, EventRecord, EventStore } from "../events/EventStore";

export interface EventRoleDeps {
  eventStore: EventStore;
  tokens: TokenService;
  membership: MembershipCache;
}

/** Who may call a route: anyone of the event, or its facilitators. */
export type EventAudience = "member" | "facilitator";

/**
 * The caller and the event of the path (`:eventId`), of any format; 401 (no or bad token), 403
 * (removed, another event's token, not a facilitator), 404 (no such event) otherwise.
 */
export async function requireEventRole(
  c: Context,
  deps: EventRoleDeps,
  audience: EventAudience,
): Promise<{ caller: Caller; event: EventRecord }> {
  const auth = await authenticate(
    bearerToken(c.req.header("Authorization")),
    deps.tokens,
    deps.membership,
  );
  if (!auth.ok) {
    if (auth.failure === "forbidden") {
      throw forbidden("This participant was removed from the event.");
    }
    throw unauthenticated("A valid bearer token is required.");
  }
  const { caller } = auth;
  const event = await deps.eventStore.getEvent(c.req.param("eventId") ?? "");
  if (!event) throw notFound("No such event.");
  if (event.id !== caller.participant.eventId) throw forbidden("This token is for another event.");
  if (audience === "facilitator" && !canManageEvent(caller.participant.role)) {
    throw forbidden("Only facilitators may do this.");
  }
  return { caller, event };
}

/** The board of the path (`:boardId`), which must be the event's; 404 otherwise. */
export async function requireEventBoard(
  c: Context,
  eventStore: EventStore,
  event: EventRecord,
): Promise<BoardRecord> {
  const board = await eventStore.getBoard(c.req.param("boardId") ?? "");
  if (!board || board.eventId !== event.id) throw notFound("No such board in this event.");
  return board;
}

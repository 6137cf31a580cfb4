import type { Context } from "hono";
import { ApiError, forbidden, notFound, unauthenticated } from "../api/ApiError";
import { authenticate, bearerToken, type Caller } from "../auth/authenticate";
import type { MembershipCache } from "../auth/MembershipCache";
import { canManageEvent } from "../auth/permissions";
import type { TokenService } from "../auth/TokenService";
import type { BoardRecord, EventRecord, EventStore } from "../events/EventStore";

export interface PathMemberDeps {
  eventStore: EventStore;
  tokens: TokenService;
  membership: MembershipCache;
}

/** Who may call a PATH route: anyone of the event, or its facilitators (the process facilitator). */
export type PathAudience = "member" | "facilitator";

/**
 * The caller and the event of the path (`:eventId`), which must be the caller's and a PATH
 * event; 401/403/404/409 otherwise.
 */
export async function requirePathMember(
  c: Context,
  deps: PathMemberDeps,
  audience: PathAudience,
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
  if (event.format !== "path") throw new ApiError(409, "conflict", "This event is not a PATH.");
  if (audience === "facilitator" && !canManageEvent(caller.participant.role)) {
    throw forbidden("Only facilitators may do this.");
  }
  return { caller, event };
}

/** The event's PATH board named by `:boardId`; 404 for any other board. */
export async function requirePathBoard(
  c: Context,
  eventStore: EventStore,
  event: EventRecord,
): Promise<BoardRecord> {
  const board = await eventStore.getBoard(c.req.param("boardId") ?? "");
  if (!board || board.eventId !== event.id || board.kind !== "path") {
    throw notFound("No such PATH plan in this event.");
  }
  return board;
}

import type { Context } from "hono";
import { ApiError, notFound } from "../api/ApiError";
import { type MemberAudience, type MemberDeps, requireEventRole } from "../api/requireMember";
import type { Caller } from "../auth/authenticate";
import type { BoardRecord, EventRecord, EventStore } from "../events/EventStore";

export type PathMemberDeps = MemberDeps;

/** Who may call a PATH route: anyone of the event, or its facilitators (the process facilitator). */
export type PathAudience = MemberAudience;

/**
 * The caller and the event of the path (`:eventId`), which must be the caller's and a PATH
 * event; the shared member check (401/403/404), then 409 for another format.
 */
export async function requirePathMember(
  c: Context,
  deps: PathMemberDeps,
  audience: PathAudience,
): Promise<{ caller: Caller; event: EventRecord }> {
  const found = await requireEventRole(c, deps, audience);
  if (found.event.format !== "path") {
    throw new ApiError(409, "conflict", "This event is not a PATH.");
  }
  return found;
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

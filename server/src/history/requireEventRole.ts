import type { Context } from "hono";
import { notFound } from "../api/ApiError";
import type { BoardRecord, EventRecord, EventStore } from "../events/EventStore";

/** The shared member check now lives in the api middleware module (one way). */
export {
  type MemberAudience as EventAudience,
  type MemberDeps as EventRoleDeps,
  requireEventRole,
} from "../api/requireMember";

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

import type { Context } from "hono";
import { ApiError, forbidden } from "../api/ApiError";
import { type MemberDeps, requireEventRole } from "../api/requireMember";
import type { Caller } from "../auth/authenticate";
import { canManageEvent } from "../auth/permissions";
import type { EventRecord } from "../events/EventStore";

export type MemberCheckDeps = MemberDeps;

/** Who may call a café route: anyone of the event, people who may sit at a table, or facilitators. */
export type CafeAudience = "member" | "participant" | "facilitator";

/**
 * The caller and the event of the path (`:eventId`), which must be the caller's (the shared
 * member check, 401/403/404) and a World Café (409). `participant` admits people who sit at
 * tables (not observers).
 */
export async function requireEventMember(
  c: Context,
  deps: MemberCheckDeps,
  audience: CafeAudience,
): Promise<{ caller: Caller; event: EventRecord }> {
  const { caller, event } = await requireEventRole(c, deps, "member");
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

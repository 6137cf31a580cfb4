import type { Actor } from "@tablecloth/open-space";
import type { Context } from "hono";
import { ApiError, forbidden } from "../api/ApiError";
import { type MemberDeps, requireEventRole } from "../api/requireMember";
import { canManageEvent } from "../auth/permissions";
import type { EventRecord } from "../events/EventStore";

export type OpenSpaceMemberDeps = MemberDeps;

/** Who may call an Open Space route: anyone of the event, anyone but observers, or facilitators. */
export type OpenSpaceAudience = "member" | "contributor" | "facilitator";

/**
 * The caller (as the rules' `Actor`, with the name and role from the store, never from the
 * request) and the event of the path, which must be the caller's (the shared member check,
 * 401/403/404) and an Open Space (409).
 */
export async function requireOpenSpaceMember(
  c: Context,
  deps: OpenSpaceMemberDeps,
  audience: OpenSpaceAudience,
): Promise<{ actor: Actor; event: EventRecord }> {
  const { caller, event } = await requireEventRole(c, deps, "member");
  const { participant } = caller;
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

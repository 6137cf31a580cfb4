import type { Context, MiddlewareHandler } from "hono";
import type { Caller } from "../auth/authenticate";
import type { CallerGate } from "../auth/CallerGate";
import { canManageEvent } from "../auth/permissions";
import type { EventRecord, EventStore } from "../events/EventStore";
import { forbidden, notFound } from "./ApiError";

declare module "hono" {
  interface ContextVariableMap {
    /** The authenticated caller, set by `requireCaller` / `requireMember`. */
    caller: Caller;
    /** The event of the path, the caller's own, set by `requireMember`. */
    event: EventRecord;
  }
}

/** Who may call a route of an event. */
export type MemberAudience = "member" | "facilitator";

/** Puts the authenticated caller on the context (`c.get("caller")`); 401/403 otherwise. */
export function requireCaller(gate: CallerGate): MiddlewareHandler {
  return async function requireCallerMiddleware(c, next) {
    c.set("caller", await gate.require(c));
    await next();
  };
}

/**
 * Puts the caller and the event of the path (`:eventId`) on the context; the event must exist
 * (404) and be the caller's (403), and a `facilitator` route needs one (403).
 */
export function requireMember(
  gate: CallerGate,
  eventStore: EventStore,
  audience: MemberAudience = "member",
): MiddlewareHandler {
  return async function requireMemberMiddleware(c: Context, next) {
    const caller = await gate.require(c);
    const event = await eventStore.getEvent(c.req.param("eventId") ?? "");
    if (!event) throw notFound("No such event.");
    if (event.id !== caller.participant.eventId)
      throw forbidden("This token is for another event.");
    if (audience === "facilitator" && !canManageEvent(caller.participant.role)) {
      throw forbidden("Only facilitators may do this.");
    }
    c.set("caller", caller);
    c.set("event", event);
    await next();
  };
}

import type { Context, MiddlewareHandler } from "hono";
import { authenticate, bearerToken, type Caller } from "../auth/authenticate";
import { type CallerGate, callerOf } from "../auth/CallerGate";
import type { MembershipCache } from "../auth/MembershipCache";
import { canManageEvent } from "../auth/permissions";
import type { TokenService } from "../auth/TokenService";
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
    const event = await callerEvent(c, eventStore, caller, audience);
    c.set("caller", caller);
    c.set("event", event);
    await next();
  };
}

/** What a route of a format's sub-app needs to check its caller without the gate. */
export interface MemberDeps {
  eventStore: EventStore;
  tokens: TokenService;
  membership: MembershipCache;
}

/**
 * The one member check of the format routes (café, Open Space, PATH, history, export): the
 * caller and the event of the path (`:eventId`), of any format; 401 (no or bad token), 403
 * (removed, another event's token, not a facilitator), 404 (no such event) otherwise. A format's
 * own check adds its format (409) and its roles after this one.
 */
export async function requireEventRole(
  c: Context,
  deps: MemberDeps,
  audience: MemberAudience,
): Promise<{ caller: Caller; event: EventRecord }> {
  // The `/api/*` gate already checked this request's token (and charged the caller) once.
  const caller = callerOf(
    c.get("tableclothAuth") ??
      (await authenticate(
        bearerToken(c.req.header("Authorization")),
        deps.tokens,
        deps.membership,
      )),
  );
  const event = await callerEvent(c, deps.eventStore, caller, audience);
  return { caller, event };
}

/**
 * The event of the path (`:eventId`): it must exist (404) and be the caller's (403), and a
 * `facilitator` audience needs a facilitator (403).
 */
async function callerEvent(
  c: Context,
  eventStore: EventStore,
  caller: Caller,
  audience: MemberAudience,
): Promise<EventRecord> {
  const event = await eventStore.getEvent(c.req.param("eventId") ?? "");
  if (!event) throw notFound("No such event.");
  if (event.id !== caller.participant.eventId) throw forbidden("This token is for another event.");
  if (audience === "facilitator" && !canManageEvent(caller.participant.role)) {
    throw forbidden("Only facilitators may do this.");
  }
  return event;
}

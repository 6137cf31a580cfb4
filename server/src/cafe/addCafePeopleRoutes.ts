import {
  arriveAtTable,
  joinCafe,
  moveSelf,
  removeFromCafe,
  reseatParticipant,
  seatParticipant,
} from "@tablecloth/cafe";
import {
  CafeMoveBodySchema,
  CafePresenceBodySchema,
  CafeRemoveBodySchema,
  CafeReseatBodySchema,
  CafeSeatBodySchema,
} from "@tablecloth/protocol";
import type { Logger } from "@tablecloth/sync";
import type { Hono, MiddlewareHandler } from "hono";
import { ApiError } from "../api/ApiError";
import { parseJsonBody } from "../api/parseJsonBody";
import type { MembershipCache } from "../auth/MembershipCache";
import type { CafeRouteKit } from "./cafeRouteKit";
import { type MemberCheckDeps, requireEventMember } from "./requireEventMember";

/**
 * The café routes about where people sit, outside a rotation: people saying they are here,
 * arriving by a table's code and moving themselves; facilitators seating, re-seating and
 * removing anyone. Each parses, authorises, applies one rule of `@tablecloth/cafe`, answers.
 */
export function addCafePeopleRoutes(
  app: Hono,
  deps: CafeRouteKit & {
    member: MemberCheckDeps;
    membership: MembershipCache;
    logger: Logger;
    limitBody: MiddlewareHandler;
  },
): void {
  const { member, membership, logger, limitBody, onControlDoc, requireSeatable } = deps;

  app.post("/events/:eventId/cafe/tables/:tableId/arrive", async (c) => {
    const { caller, event } = await requireEventMember(c, member, "participant");
    const me = caller.participant;
    const seat = await onControlDoc(
      event,
      me.id,
      (doc) => arriveAtTable(doc, me, c.req.param("tableId")),
      { tableIn: "path" },
    );
    return c.json({ seat });
  });

  app.post("/events/:eventId/cafe/presence", limitBody, async (c) => {
    const { caller, event } = await requireEventMember(c, member, "participant");
    const body = await parseJsonBody(c, CafePresenceBodySchema);
    const me = caller.participant;
    const seat = await onControlDoc(event, me.id, (doc) => joinCafe(doc, me, body.presence));
    return c.json({ seat });
  });

  app.post("/events/:eventId/cafe/seat", limitBody, async (c) => {
    const { caller, event } = await requireEventMember(c, member, "facilitator");
    const body = await parseJsonBody(c, CafeSeatBodySchema);
    const person = await requireSeatable(event, body.participantId);
    const seat = await onControlDoc(event, caller.participant.id, (doc) =>
      seatParticipant(doc, person, body.tableId),
    );
    return c.json({ seat });
  });

  app.post("/events/:eventId/cafe/reseat", limitBody, async (c) => {
    const { caller, event } = await requireEventMember(c, member, "facilitator");
    const body = await parseJsonBody(c, CafeReseatBodySchema);
    const person = await requireSeatable(event, body.participantId);
    const seat = await onControlDoc(event, caller.participant.id, (doc) =>
      reseatParticipant(doc, person, body.tableId),
    );
    return c.json({ seat });
  });

  app.post("/events/:eventId/cafe/remove", limitBody, async (c) => {
    const { caller, event } = await requireEventMember(c, member, "facilitator");
    const body = await parseJsonBody(c, CafeRemoveBodySchema);
    // Anyone of the event, even someone removed from it since (their seat may still be there).
    const person = await membership.participant(body.participantId);
    if (!person || person.eventId !== event.id) {
      throw new ApiError(400, "invalid_request", "No such participant in this event.", {
        field: "participantId",
      });
    }
    const removal = await onControlDoc(event, caller.participant.id, (doc) =>
      removeFromCafe(doc, person.id),
    );
    logger.info("café: someone taken out of the café", { eventId: event.id, ...removal });
    return c.json(removal);
  });

  app.post("/events/:eventId/cafe/move", limitBody, async (c) => {
    const { caller, event } = await requireEventMember(c, member, "participant");
    const body = await parseJsonBody(c, CafeMoveBodySchema);
    const me = caller.participant;
    const seat = await onControlDoc(event, me.id, (doc) => moveSelf(doc, me, body.tableId));
    return c.json({ seat });
  });
}

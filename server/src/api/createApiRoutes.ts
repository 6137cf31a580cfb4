import { readAnonymous } from "@tablecloth/controls";
import {
  CofacilitatorInviteResponseSchema,
  CreateBoardBodySchema,
  CreateEventBodySchema,
  JoinBodySchema,
  joinPath,
  RenameParticipantBodySchema,
  UpdateBoardBodySchema,
  UpdateEventBodySchema,
} from "@tablecloth/protocol";
import type { Logger } from "@tablecloth/sync";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { bearerToken } from "../auth/authenticate";
import { CallerGate } from "../auth/CallerGate";
import { rememberDevice, rememberedParticipant } from "../auth/deviceCookie";
import type { MembershipCache } from "../auth/MembershipCache";
import { canManageEvent } from "../auth/permissions";
import { RateLimiter } from "../auth/RateLimiter";
import type { TokenService } from "../auth/TokenService";
import type { EventService, JoinFailure } from "../EventService";
import type { EventRecord, EventStore } from "../events/EventStore";
import type { SyncControl } from "../events/SyncControl";
import { qrCodeSvg } from "../http/qrCodeSvg";
import {
  ApiError,
  conflict,
  forbidden,
  notFound,
  rateLimited,
  tooLarge,
  unauthenticated,
} from "./ApiError";
import { adminTokenMatches } from "./adminToken";
import type { ApiConfig } from "./apiConfig";
import { apiErrorHandler } from "./apiErrorHandler";
import { clientIp } from "./clientIp";
import { openApiDocument } from "./openApiDocument";
import { parseJsonBody } from "./parseJsonBody";
import { publicOrigin } from "./publicOrigin";
import { requireCaller, requireMember } from "./requireMember";
import { boardToApi, eventToApi, participantAsSeen, participantToApi } from "./toApi";

export interface ApiRoutesDeps {
  /** The server's one `EventService` (`createEventService`). */
  events: EventService;
  eventStore: EventStore;
  tokens: TokenService;
  /** Shared with `EventDocAccess`, so a removal is seen by the next socket upgrade. */
  membership: MembershipCache;
  sync: SyncControl;
  logger: Logger;
  config: ApiConfig;
  /** Signs the device cookies that give a returning browser its participant back. */
  deviceCookieKey: Uint8Array;
  /**
   * Who is calling, shared with the other `/api` sub-apps so a request is authenticated and
   * charged once; one is made from `config.apiRate` when absent.
   */
  gate?: CallerGate;
  /** Clock for rate limits and timestamps; injected in tests. */
  now?: () => number;
}

/** Browsers keep a cookie at most 400 days (RFC 6265bis). */
const MAX_COOKIE_AGE_SECONDS = 400 * 24 * 3600;

/** What each refused join answers. */
function joinRefusal(reason: JoinFailure): ApiError {
  switch (reason) {
    case "unknown code":
      return new ApiError(404, "not_found", "No event has that code.", { field: "code" });
    case "invite used":
      return new ApiError(404, "not_found", "That invite was already used.", { field: "code" });
    case "invite expired":
      return new ApiError(404, "not_found", "That invite was not used in time.", { field: "code" });
    case "join closed":
      return new ApiError(403, "join_closed", "Joining this event is closed; ask a facilitator.", {
        field: "code",
      });
    case "event full":
      return new ApiError(403, "event_full", "This event is full.");
    case "address share used":
      return new ApiError(
        429,
        "rate_limited",
        "Too many people joined from this network with this code; ask a facilitator for a new code.",
      );
    case "removed":
      return forbidden("You were removed from this event.");
  }
}

/** Default display name of the person who creates an event. */
export const DEFAULT_FACILITATOR_NAME = "Facilitator";

/**
 * The events API, to mount at `/api`: events, joining, boards, participants, co-facilitator
 * invites, QR codes and `/me`, plus `/openapi.json`. See server/API.md.
 */
export function createApiRoutes(deps: ApiRoutesDeps): Hono {
  const { eventStore, tokens, membership, logger, config } = deps;
  const now = deps.now ?? Date.now;
  const service = deps.events;
  const gate =
    deps.gate ??
    new CallerGate({
      tokens,
      membership,
      limiter: new RateLimiter(config.apiRate, { now, maxKeys: config.rateLimiterMaxKeys }),
    });
  const member = requireMember(gate, eventStore);
  const facilitator = requireMember(gate, eventStore, "facilitator");
  const cookieAge = Math.min(MAX_COOKIE_AGE_SECONDS, Math.floor(config.tokenLifetimeMs / 1000));
  const joinLimiter = new RateLimiter(config.joinRate, { now, maxKeys: config.rateLimiterMaxKeys });
  const createLimiter = new RateLimiter(config.createEventRate, {
    now,
    maxKeys: config.rateLimiterMaxKeys,
  });
  const limitBody = bodyLimit({
    maxSize: config.maxBodyBytes,
    onError: () => {
      throw tooLarge(`The body is larger than ${config.maxBodyBytes} bytes.`);
    },
  });

  const limitIp = (c: Context, limiter: RateLimiter): void => {
    const decision = limiter.take(clientIp(c, config.trustProxy));
    if (!decision.ok) throw rateLimited(decision.retryAfterMs);
  };

  /** Remembers in this browser who it is in the event (see `rememberDevice`). */
  const remember = (c: Context, eventId: string, participantId: string) =>
    rememberDevice(c, deps.deviceCookieKey, eventId, participantId, {
      maxAgeSeconds: cookieAge,
      secure: publicOrigin(c, config.publicUrl, config.trustProxy).startsWith("https:"),
    });

  const app = new Hono();
  app.onError(apiErrorHandler(logger));

  app.get("/openapi.json", (c) => c.json(openApiDocument()));

  app.post("/events", limitBody, async (c) => {
    limitIp(c, createLimiter);
    if (config.adminToken !== null) {
      const presented = bearerToken(c.req.header("Authorization"));
      if (presented === null) throw unauthenticated("Creating events needs the admin token.");
      if (!adminTokenMatches(presented, config.adminToken)) {
        throw forbidden("That is not the admin token.");
      }
    }
    const body = await parseJsonBody(c, CreateEventBodySchema);
    const admission = await service.createEvent({
      title: body.title,
      format: body.format,
      purpose: body.purpose ?? "",
      facilitatorName: body.facilitatorName ?? DEFAULT_FACILITATOR_NAME,
    });
    await remember(c, admission.event.id, admission.participant.id);
    return c.json(
      {
        event: eventToApi(admission.event),
        controlDocName: admission.event.controlDocName,
        participant: participantToApi(admission.participant),
        facilitatorToken: admission.token,
        expiresAt: admission.claims.expiresAt,
      },
      201,
    );
  });

  app.post("/join", limitBody, async (c) => {
    limitIp(c, joinLimiter);
    const body = await parseJsonBody(c, JoinBodySchema);
    const result = await service.join({
      code: body.code,
      name: body.name,
      role: body.role,
      address: clientIp(c, config.trustProxy),
      returningParticipant: (eventId) => rememberedParticipant(c, deps.deviceCookieKey, eventId),
    });
    if (!result.ok) throw joinRefusal(result.reason);
    await remember(c, result.admission.event.id, result.admission.participant.id);
    const { event, participant, token, claims } = result.admission;
    return c.json(
      {
        eventId: event.id,
        participant: participantToApi(participant),
        token,
        expiresAt: claims.expiresAt,
      },
      201,
    );
  });

  app.get("/me", requireCaller(gate), async (c) => {
    const { claims, participant } = c.get("caller");
    return c.json({
      eventId: participant.eventId,
      participant: participantToApi(participant),
      expiresAt: claims.expiresAt,
    });
  });

  app.get("/events/:eventId", member, async (c) => {
    const event = c.get("event");
    const boards = await eventStore.listBoards(event.id);
    c.header("Cache-Control", "no-store");
    return c.json({
      event: eventToApi(event),
      controlDocName: event.controlDocName,
      boards: boards.map(boardToApi),
    });
  });

  app.patch("/events/:eventId", limitBody, facilitator, async (c) => {
    const { caller, event } = c.var;
    const body = await parseJsonBody(c, UpdateEventBodySchema);
    const updated = await service.updateEvent(event.id, body, caller.participant.id);
    if (!updated) throw notFound("No such event.");
    return c.json({ event: eventToApi(updated) });
  });

  app.patch("/events/:eventId/boards/:boardId", limitBody, facilitator, async (c) => {
    const { caller, event } = c.var;
    const body = await parseJsonBody(c, UpdateBoardBodySchema);
    const question = body.question === "" ? null : body.question;
    const board = await service.updateBoard(
      event,
      c.req.param("boardId"),
      { title: body.title, question },
      caller.participant.id,
    );
    if (!board) throw notFound("No such board in this event.");
    return c.json({ board: boardToApi(board) });
  });

  app.post("/events/:eventId/boards", limitBody, facilitator, async (c) => {
    const { caller, event } = c.var;
    const body = await parseJsonBody(c, CreateBoardBodySchema);
    const question = body.question === undefined || body.question === "" ? null : body.question;
    const board = await service.createBoard(
      event,
      { kind: body.kind, title: body.title, question },
      caller.participant.id,
    );
    return c.json({ board: boardToApi(board) }, 201);
  });

  /** Whether `event` is in anonymous mode now (its people are then shown to nobody by name). */
  const isAnonymous = (event: EventRecord) => deps.sync.read(event.controlDocName, readAnonymous);

  app.get("/events/:eventId/participants", member, async (c) => {
    const { caller, event } = c.var;
    const people = await eventStore.listParticipants(event.id);
    const anonymous = await isAnonymous(event);
    c.header("Cache-Control", "no-store");
    return c.json({
      participants: people.map((p) => participantAsSeen(p, caller.participant.id, anonymous)),
    });
  });

  app.patch("/events/:eventId/participants/:participantId", limitBody, member, async (c) => {
    const { caller, event } = c.var;
    const participantId = c.req.param("participantId");
    if (participantId !== caller.participant.id && !canManageEvent(caller.participant.role)) {
      throw forbidden("Only facilitators may rename other people.");
    }
    const body = await parseJsonBody(c, RenameParticipantBodySchema);
    const renamed = await service.rename(event.id, participantId, body.name);
    if (!renamed) throw notFound("No such participant in this event.");
    const anonymous = await isAnonymous(event);
    return c.json({ participant: participantAsSeen(renamed, caller.participant.id, anonymous) });
  });

  app.delete("/events/:eventId/participants/:participantId", facilitator, async (c) => {
    const { caller, event } = c.var;
    const participantId = c.req.param("participantId");
    if (participantId === caller.participant.id) {
      throw conflict("Facilitators cannot remove themselves.");
    }
    const removed = await service.remove(event.id, participantId);
    if (!removed) throw notFound("No such participant in this event.");
    const anonymous = await isAnonymous(event);
    return c.json({ participant: participantAsSeen(removed, caller.participant.id, anonymous) });
  });

  app.post("/events/:eventId/join-code", facilitator, async (c) => {
    const event = await service.setJoining(c.get("event").id, "rotate");
    if (!event) throw notFound("No such event.");
    return c.json({ event: eventToApi(event) });
  });

  app.delete("/events/:eventId/join-code", facilitator, async (c) => {
    const event = await service.setJoining(c.get("event").id, "close");
    if (!event) throw notFound("No such event.");
    return c.json({ event: eventToApi(event) });
  });

  app.post("/events/:eventId/cofacilitator-invite", facilitator, async (c) => {
    const { caller, event } = c.var;
    const invite = await service.createCofacilitatorInvite(event.id, caller.participant.id);
    const path = joinPath(invite.code);
    const body = CofacilitatorInviteResponseSchema.parse({
      code: invite.code,
      joinPath: path,
      joinUrl: `${publicOrigin(c, config.publicUrl, config.trustProxy)}${path}`,
      expiresAt: invite.expiresAt,
    });
    c.header("Cache-Control", "no-store");
    return c.json(body, 201);
  });

  app.get("/events/:eventId/qr.svg", member, async (c) => {
    const event = c.get("event");
    const url = `${publicOrigin(c, config.publicUrl, config.trustProxy)}${joinPath(event.joinCode)}`;
    const svg = await qrCodeSvg(url);
    return c.body(svg, 200, {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control": "private, no-store",
    });
  });

  return app;
}

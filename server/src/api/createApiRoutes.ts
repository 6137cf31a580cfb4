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
import QRCode from "qrcode";
import { authenticate, bearerToken, type Caller } from "../auth/authenticate";
import type { MembershipCache } from "../auth/MembershipCache";
import { canManageEvent } from "../auth/permissions";
import { RateLimiter } from "../auth/RateLimiter";
import type { TokenService } from "../auth/TokenService";
import { EventService } from "../events/EventService";
import type { EventRecord, EventStore } from "../events/EventStore";
import type { SyncControl } from "../events/SyncControl";
import { ApiError, conflict, forbidden, notFound, rateLimited, unauthenticated } from "./ApiError";
import { adminTokenMatches } from "./adminToken";
import type { ApiConfig } from "./apiConfig";
import { apiErrorHandler } from "./apiErrorHandler";
import { clientIp } from "./clientIp";
import { openApiDocument } from "./openApiDocument";
import { parseJsonBody } from "./parseJsonBody";
import { publicOrigin } from "./publicOrigin";
import { boardToApi, eventToApi, participantToApi } from "./toApi";

export interface ApiRoutesDeps {
  eventStore: EventStore;
  tokens: TokenService;
  /** Shared with `EventDocAccess`, so a removal is seen by the next socket upgrade. */
  membership: MembershipCache;
  sync: SyncControl;
  logger: Logger;
  config: ApiConfig;
  /** Clock for rate limits and timestamps; injected in tests. */
  now?: () => number;
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
  const service = new EventService({
    store: eventStore,
    tokens,
    membership,
    sync: deps.sync,
    logger,
    inviteLifetimeMs: config.inviteLifetimeMs,
    now,
  });
  const joinLimiter = new RateLimiter(config.joinRate, { now, maxKeys: config.rateLimiterMaxKeys });
  const createLimiter = new RateLimiter(config.createEventRate, {
    now,
    maxKeys: config.rateLimiterMaxKeys,
  });
  const limitBody = bodyLimit({
    maxSize: config.maxBodyBytes,
    onError: () => {
      throw new ApiError(413, "too_large", `The body is larger than ${config.maxBodyBytes} bytes.`);
    },
  });

  const limitIp = (c: Context, limiter: RateLimiter): void => {
    const decision = limiter.take(clientIp(c, config.trustProxy));
    if (!decision.ok) throw rateLimited(decision.retryAfterMs);
  };

  const requireCaller = async (c: Context): Promise<Caller> => {
    const auth = await authenticate(bearerToken(c.req.header("Authorization")), tokens, membership);
    if (auth.ok) return auth.caller;
    if (auth.failure === "forbidden")
      throw forbidden("This participant was removed from the event.");
    throw unauthenticated("A valid bearer token is required.");
  };

  /** The caller and the event of the path, which must be the caller's (and their role allowed). */
  const requireMember = async (
    c: Context,
    need: "member" | "facilitator" = "member",
  ): Promise<{ caller: Caller; event: EventRecord }> => {
    const caller = await requireCaller(c);
    const event = await eventStore.getEvent(c.req.param("eventId") ?? "");
    if (!event) throw notFound("No such event.");
    if (event.id !== caller.participant.eventId)
      throw forbidden("This token is for another event.");
    if (need === "facilitator" && !canManageEvent(caller.participant.role)) {
      throw forbidden("Only facilitators may do this.");
    }
    return { caller, event };
  };

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
    const result = await service.join(body.code, body.name, body.role);
    if (!result.ok) {
      throw new ApiError(
        404,
        "not_found",
        result.reason === "unknown code"
          ? "No event has that code."
          : `That invite was ${result.reason === "invite used" ? "already used" : "not used in time"}.`,
        { field: "code" },
      );
    }
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

  app.get("/me", async (c) => {
    const { claims, participant } = await requireCaller(c);
    return c.json({
      eventId: participant.eventId,
      participant: participantToApi(participant),
      expiresAt: claims.expiresAt,
    });
  });

  app.get("/events/:eventId", async (c) => {
    const { event } = await requireMember(c);
    const boards = await eventStore.listBoards(event.id);
    c.header("Cache-Control", "no-store");
    return c.json({
      event: eventToApi(event),
      controlDocName: event.controlDocName,
      boards: boards.map(boardToApi),
    });
  });

  app.patch("/events/:eventId", limitBody, async (c) => {
    const { caller, event } = await requireMember(c, "facilitator");
    const body = await parseJsonBody(c, UpdateEventBodySchema);
    const updated = await service.updateEvent(event.id, body, caller.participant.id);
    if (!updated) throw notFound("No such event.");
    return c.json({ event: eventToApi(updated) });
  });

  app.patch("/events/:eventId/boards/:boardId", limitBody, async (c) => {
    const { caller, event } = await requireMember(c, "facilitator");
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

  app.post("/events/:eventId/boards", limitBody, async (c) => {
    const { caller, event } = await requireMember(c, "facilitator");
    const body = await parseJsonBody(c, CreateBoardBodySchema);
    const question = body.question === undefined || body.question === "" ? null : body.question;
    const board = await service.createBoard(
      event,
      { kind: body.kind, title: body.title, question },
      caller.participant.id,
    );
    return c.json({ board: boardToApi(board) }, 201);
  });

  app.get("/events/:eventId/participants", async (c) => {
    const { event } = await requireMember(c);
    const people = await eventStore.listParticipants(event.id);
    c.header("Cache-Control", "no-store");
    return c.json({ participants: people.map(participantToApi) });
  });

  app.patch("/events/:eventId/participants/:participantId", limitBody, async (c) => {
    const { caller, event } = await requireMember(c);
    const participantId = c.req.param("participantId");
    if (participantId !== caller.participant.id && !canManageEvent(caller.participant.role)) {
      throw forbidden("Only facilitators may rename other people.");
    }
    const body = await parseJsonBody(c, RenameParticipantBodySchema);
    const renamed = await service.rename(event.id, participantId, body.name);
    if (!renamed) throw notFound("No such participant in this event.");
    return c.json({ participant: participantToApi(renamed) });
  });

  app.delete("/events/:eventId/participants/:participantId", async (c) => {
    const { caller, event } = await requireMember(c, "facilitator");
    const participantId = c.req.param("participantId");
    if (participantId === caller.participant.id) {
      throw conflict("Facilitators cannot remove themselves.");
    }
    const removed = await service.remove(event.id, participantId);
    if (!removed) throw notFound("No such participant in this event.");
    return c.json({ participant: participantToApi(removed) });
  });

  app.post("/events/:eventId/cofacilitator-invite", async (c) => {
    const { caller, event } = await requireMember(c, "facilitator");
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

  app.get("/events/:eventId/qr.svg", async (c) => {
    const { event } = await requireMember(c);
    const url = `${publicOrigin(c, config.publicUrl, config.trustProxy)}${joinPath(event.joinCode)}`;
    const svg = await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
    return c.body(svg, 200, {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control": "private, no-store",
    });
  });

  return app;
}

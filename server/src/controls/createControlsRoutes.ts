import { randomUUID } from "node:crypto";
import { readCafe } from "@tablecloth/cafe";
import {
  ControlsError,
  type ControlsState,
  normalizeBroadcastText,
  readBoardsPhase,
  readControls,
  writeBoardsPhase,
  writeBroadcast,
  writeSummon,
} from "@tablecloth/controls";
import {
  type BoardsPhase,
  type BoardsPhaseBody,
  BoardsPhaseBodySchema,
  BroadcastBodySchema,
  ControlsLimits,
  type ControlsResponse,
  type SummonAudience,
  SummonBodySchema,
} from "@tablecloth/protocol";
import type { Logger } from "@tablecloth/sync";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiError, badRequest, notFound } from "../api/ApiError";
import type { ApiConfig } from "../api/apiConfig";
import { apiErrorHandler } from "../api/apiErrorHandler";
import { parseJsonBody } from "../api/parseJsonBody";
import { requireEventRole } from "../api/requireMember";
import type { MembershipCache } from "../auth/MembershipCache";
import type { TokenService } from "../auth/TokenService";
import type { EventStore } from "../events/EventStore";
import type { SyncControl } from "../events/SyncControl";

export interface ControlsRoutesDeps {
  eventStore: EventStore;
  tokens: TokenService;
  membership: MembershipCache;
  sync: SyncControl;
  logger: Logger;
  config: ApiConfig;
  /** Server clock (epoch ms), stamped on broadcasts and summons. Injected in tests. */
  now?: () => number;
}

function toResponse(state: ControlsState): ControlsResponse {
  return { broadcast: state.broadcast, summon: state.summon };
}

/** A controls rule's refusal as the API answers it; anything else is rethrown as is. */
function controlsErrorToApi(error: unknown): never {
  if (!(error instanceof ControlsError)) throw error;
  switch (error.code) {
    case "invalid_message":
      throw badRequest(error.message, "text");
  }
}

/**
 * Facilitator controls, to mount at `/api` beside the events routes: a broadcast to every page
 * and a summon to a board. Every route parses its body, authorises the caller (facilitators
 * change; any member reads), applies a rule of `@tablecloth/controls` to the control doc in one
 * server write (relayed to every page's read-only socket, kept in the doc's history) and answers
 * the controls in force.
 */
export function createControlsRoutes(deps: ControlsRoutesDeps): Hono {
  const { eventStore, sync, logger, config } = deps;
  const now = deps.now ?? Date.now;
  const member = { eventStore, tokens: deps.tokens, membership: deps.membership };
  const limitBody = bodyLimit({
    maxSize: config.maxBodyBytes,
    onError: () => {
      throw new ApiError(413, "too_large", `The body is larger than ${config.maxBodyBytes} bytes.`);
    },
  });
  const app = new Hono();
  app.onError(apiErrorHandler(logger));

  /** Applies `change` to the control doc as one write by `author`; answers what is in force. */
  const change = async (
    controlDocName: string,
    author: string,
    fn: Parameters<SyncControl["transact"]>[2],
  ): Promise<ControlsResponse> => {
    let state: ControlsState | null = null;
    await sync.transact(controlDocName, author, (doc) => {
      fn(doc);
      state = readControls(doc);
    });
    return toResponse(state ?? (await sync.read(controlDocName, readControls)));
  };

  app.get("/events/:eventId/controls", async (c) => {
    const { event } = await requireEventRole(c, member, "member");
    c.header("Cache-Control", "no-store");
    return c.json(toResponse(await sync.read(event.controlDocName, readControls)));
  });

  app.post("/events/:eventId/controls/broadcast", limitBody, async (c) => {
    const { caller, event } = await requireEventRole(c, member, "facilitator");
    const body = await parseJsonBody(c, BroadcastBodySchema);
    let text: string;
    try {
      text = normalizeBroadcastText(body.text);
    } catch (error) {
      controlsErrorToApi(error);
    }
    const me = caller.participant;
    const broadcast = {
      id: randomUUID(),
      text,
      chime: body.chime ?? false,
      sentAt: now(),
      fromId: me.id,
      fromName: me.name,
    };
    const answer = await change(event.controlDocName, me.id, (doc) =>
      writeBroadcast(doc, broadcast),
    );
    logger.info("controls: broadcast", { eventId: event.id, id: broadcast.id });
    return c.json(answer, 201);
  });

  app.delete("/events/:eventId/controls/broadcast", async (c) => {
    const { caller, event } = await requireEventRole(c, member, "facilitator");
    const answer = await change(event.controlDocName, caller.participant.id, (doc) =>
      writeBroadcast(doc, null),
    );
    return c.json(answer);
  });

  app.post("/events/:eventId/controls/summon", limitBody, async (c) => {
    const { caller, event } = await requireEventRole(c, member, "facilitator");
    const body = await parseJsonBody(c, SummonBodySchema);
    const board = await eventStore.getBoard(body.boardId);
    if (!board || board.eventId !== event.id) throw notFound("No such board in this event.");
    let audience: SummonAudience = { kind: "everyone" };
    if (body.tableId != null) {
      const tableId = body.tableId;
      const cafe = await sync.read(event.controlDocName, readCafe);
      if (!cafe.tables.some((t) => t.id === tableId)) {
        throw notFound("No such café table in this event.");
      }
      const participantIds = Object.entries(cafe.seating)
        .filter(([, seat]) => seat.tableId === tableId)
        .map(([id]) => id);
      if (participantIds.length > ControlsLimits.summonPeople) {
        throw badRequest(
          `That table holds ${participantIds.length} people; a summon names at most ${ControlsLimits.summonPeople}: summon everyone instead.`,
          "tableId",
        );
      }
      audience = { kind: "people", participantIds };
    }
    const me = caller.participant;
    const summon = {
      id: randomUUID(),
      boardId: board.id,
      mode: body.mode,
      audience,
      leaderId: me.id,
      leaderName: me.name,
      sentAt: now(),
    };
    const answer = await change(event.controlDocName, me.id, (doc) => writeSummon(doc, summon));
    logger.info("controls: summon", {
      eventId: event.id,
      boardId: board.id,
      mode: body.mode,
      audience: audience.kind,
    });
    return c.json(answer, 201);
  });

  app.delete("/events/:eventId/controls/summon", async (c) => {
    const { caller, event } = await requireEventRole(c, member, "facilitator");
    const answer = await change(event.controlDocName, caller.participant.id, (doc) =>
      writeSummon(doc, null),
    );
    return c.json(answer);
  });

  // The boards' phase: participants draw (`open`) or only look (`view-only`); the board guard
  // (`boardsPhaseRule` through `withBoardGuards`) enforces it on every participant's update.
  app.get("/events/:eventId/controls/boards", async (c) => {
    const { event } = await requireEventRole(c, member, "member");
    c.header("Cache-Control", "no-store");
    const phase = await sync.read(event.controlDocName, readBoardsPhase);
    return c.json({ phase } satisfies BoardsPhaseBody);
  });

  app.put("/events/:eventId/controls/boards", limitBody, async (c) => {
    const { caller, event } = await requireEventRole(c, member, "facilitator");
    const body = await parseJsonBody(c, BoardsPhaseBodySchema);
    let phase: BoardsPhase = body.phase;
    await sync.transact(event.controlDocName, caller.participant.id, (doc) => {
      writeBoardsPhase(doc, body.phase);
      phase = readBoardsPhase(doc);
    });
    logger.info("controls: boards phase", { eventId: event.id, phase });
    return c.json({ phase } satisfies BoardsPhaseBody);
  });

  return app;
}

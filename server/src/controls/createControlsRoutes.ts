import { randomUUID } from "node:crypto";
import { readCafe } from "@tablecloth/cafe";
import {
  ANONYMOUS_NAME,
  ControlsError,
  type ControlsState,
  normalizeBroadcastText,
  readAnonymous,
  readBoardsPhase,
  readControls,
  writeAnonymous,
  writeBoardsPhase,
  writeBroadcast,
  writeSummon,
} from "@tablecloth/controls";
import {
  type AnonymousBody,
  AnonymousBodySchema,
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
import { relabelEventPeople } from "./anonymousNames";

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
 * Facilitator controls, to mount at `/api` beside the events routes: a broadcast to every page,
 * a summon to a board, the boards' phase and anonymous mode. Every route parses its body, authorises the caller (facilitators
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
    await sync.transact(controlDocName, author, fn);
    // Read after the write has ended: an anonymous event's write is renamed as it ends.
    return toResponse(await sync.read(controlDocName, readControls));
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

  // Anonymous mode: nobody is named to anybody, facilitators included (see `@tablecloth/controls`
  // `anonymousMode.ts`). Switching renames everyone the control doc names in the same write, and
  // stamps the presence of every open connection to the event's docs again, so it holds at once.
  app.get("/events/:eventId/controls/anonymous", async (c) => {
    const { event } = await requireEventRole(c, member, "member");
    c.header("Cache-Control", "no-store");
    const anonymous = await sync.read(event.controlDocName, readAnonymous);
    return c.json({ anonymous } satisfies AnonymousBody);
  });

  app.put("/events/:eventId/controls/anonymous", limitBody, async (c) => {
    const { caller, event } = await requireEventRole(c, member, "facilitator");
    const body = await parseJsonBody(c, AnonymousBodySchema);
    const names = body.anonymous
      ? new Map<string, string>()
      : new Map((await eventStore.listParticipants(event.id)).map((p) => [p.id, p.name]));
    let anonymous = body.anonymous;
    await sync.transact(event.controlDocName, caller.participant.id, (doc) => {
      writeAnonymous(doc, body.anonymous, now());
      anonymous = readAnonymous(doc);
      // Someone removed since keeps the neutral label: they are nobody to name now.
      relabelEventPeople(doc, (id) =>
        anonymous ? ANONYMOUS_NAME : (names.get(id) ?? ANONYMOUS_NAME),
      );
    });
    const docs = new Set([
      event.controlDocName,
      ...(await eventStore.listBoards(event.id)).map((board) => board.docName),
    ]);
    const restamped = sync.restampAwareness((docName) => docs.has(docName));
    logger.info("controls: anonymous mode", { eventId: event.id, anonymous, restamped });
    return c.json({ anonymous } satisfies AnonymousBody);
  });

  return app;
}

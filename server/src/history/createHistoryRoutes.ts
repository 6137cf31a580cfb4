import {
  type BoardFramesResponse,
  type BoardHistoryResponse,
  RestoreBodySchema,
  type RestoreResponse,
} from "@tablecloth/protocol";
import type { Logger } from "@tablecloth/sync";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiError } from "../api/ApiError";
import type { ApiConfig } from "../api/apiConfig";
import { apiErrorHandler } from "../api/apiErrorHandler";
import { parseJsonBody } from "../api/parseJsonBody";
import type { MembershipCache } from "../auth/MembershipCache";
import type { TokenService } from "../auth/TokenService";
import type { EventStore } from "../events/EventStore";
import type { BoardHistoryService } from "./BoardHistoryService";
import { requireEventBoard, requireEventRole } from "./requireEventRole";

export interface HistoryRoutesDeps {
  eventStore: EventStore;
  tokens: TokenService;
  membership: MembershipCache;
  history: BoardHistoryService;
  logger: Logger;
  config: ApiConfig;
}

/** `?anonymous=1` (or `true`): no names, no author ids. Anything else but absent is a 400. */
export function parseAnonymous(raw: string | undefined): boolean {
  if (raw === undefined || raw === "" || raw === "0" || raw === "false") return false;
  if (raw === "1" || raw === "true") return true;
  throw new ApiError(400, "invalid_request", "`anonymous` must be 1 or 0.", {
    field: "anonymous",
  });
}

/**
 * A board's replay and restore, to mount at `/api` (facilitators): the history with names and
 * rounds (a PATH board: with its steps), and restoring a past moment as a new forward change. See server/API.md.
 */
export function createHistoryRoutes(deps: HistoryRoutesDeps): Hono {
  const { eventStore, history, logger } = deps;
  const member = deps;
  const app = new Hono();
  app.onError(apiErrorHandler(logger));
  const limitBody = bodyLimit({
    maxSize: deps.config.maxBodyBytes,
    onError: () => {
      throw new ApiError(
        413,
        "too_large",
        `The body is larger than ${deps.config.maxBodyBytes} bytes.`,
      );
    },
  });

  app.get("/events/:eventId/boards/:boardId/history", async (c) => {
    const { event } = await requireEventRole(c, member, "facilitator");
    const board = await requireEventBoard(c, eventStore, event);
    // Anonymous mode holds here whatever the query says.
    const anonymous =
      parseAnonymous(c.req.query("anonymous")) || (await history.isAnonymous(event));
    const rounds = await history.rounds(event);
    const steps = await history.pathSteps(event, board);
    const described = await history.describe(event, board, anonymous, rounds);
    const body: BoardHistoryResponse = {
      boardId: board.id,
      docName: board.docName,
      title: board.title,
      anonymous,
      rounds,
      steps,
      ...described,
    };
    c.header("Cache-Control", "no-store");
    return c.json(body);
  });

  app.get("/events/:eventId/boards/:boardId/history/frames", async (c) => {
    const { event } = await requireEventRole(c, member, "facilitator");
    const board = await requireEventBoard(c, eventStore, event);
    const body: BoardFramesResponse = { boardId: board.id, ...(await history.frames(board)) };
    c.header("Cache-Control", "no-store");
    return c.json(body);
  });

  app.post("/events/:eventId/boards/:boardId/restore", limitBody, async (c) => {
    const { caller, event } = await requireEventRole(c, member, "facilitator");
    const board = await requireEventBoard(c, eventStore, event);
    const body = await parseJsonBody(c, RestoreBodySchema);
    const answer: RestoreResponse = await history.restore(
      board,
      body.at,
      caller.participant.id,
      body.began,
    );
    logger.info("board restored", {
      eventId: event.id,
      boardId: board.id,
      restoredTo: body.at,
      changed: answer.changed,
      removed: answer.removed,
      added: answer.added,
      kept: answer.kept,
    });
    return c.json(answer);
  });

  return app;
}

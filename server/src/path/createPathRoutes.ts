import { randomUUID } from "node:crypto";
import {
  addAction,
  addEnrolPerson,
  calendarDate,
  dayNumber,
  goToStep,
  isPathStepId,
  NOT_STARTED,
  notesByRegion,
  type PathPlanState,
  pathExportList,
  pathExportText,
  readPathPlan,
  readPathPlans,
  removeItem,
  type ShapeLike,
  seedPathBoard,
  setPhase,
  validateAction,
  validateEnrolPerson,
  validateFocus,
  writePathPlan,
} from "@tablecloth/path";
import {
  PathActionBodySchema,
  PathCreateBodySchema,
  PathGraphicFacilitatorBodySchema,
  PathPersonBodySchema,
  PathPhaseBodySchema,
  type PathPlan,
  PathStepBodySchema,
} from "@tablecloth/protocol";
import type { Logger } from "@tablecloth/sync";
import { getRecordsMap, yMapToRecord } from "@tablecloth/tldraw-yjs/server";
import { createTLSchema } from "@tldraw/tlschema";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiError, badRequest, notFound } from "../api/ApiError";
import type { ApiConfig } from "../api/apiConfig";
import { apiErrorHandler } from "../api/apiErrorHandler";
import { parseJsonBody } from "../api/parseJsonBody";
import type { MembershipCache } from "../auth/MembershipCache";
import type { TokenService } from "../auth/TokenService";
import type { EventService } from "../EventService";
import type { BoardRecord, EventRecord, EventStore } from "../events/EventStore";
import type { SyncControl } from "../events/SyncControl";
import { pathErrorToApi } from "./pathErrorToApi";
import { requirePathBoard, requirePathMember } from "./requirePathMember";

export interface PathRoutesDeps {
  /** The server's one `EventService` (`createEventService`). */
  events: EventService;
  eventStore: EventStore;
  tokens: TokenService;
  membership: MembershipCache;
  sync: SyncControl;
  logger: Logger;
  config: ApiConfig;
  /** Server clock (epoch ms): step times and the day of the PATH. Injected in tests. */
  now?: () => number;
}

function planToApi(board: BoardRecord, plan: PathPlanState): PathPlan {
  return {
    boardId: board.id,
    docName: board.docName,
    title: board.title,
    focus: plan.focus,
    heldOn: plan.heldOn,
    graphicFacilitatorId: plan.graphicFacilitatorId,
    progress: {
      current: plan.progress.current,
      phase: plan.progress.phase,
      since: plan.progress.since,
      furthest: plan.progress.furthest,
      spentMs: { ...plan.progress.spentMs },
      timeline: plan.progress.timeline.map((c) => ({ step: c.step, at: c.at })),
    },
    people: plan.people,
    actions: plan.actions,
  };
}

/**
 * The PATH API, to mount at `/api` beside the events routes. Every route parses its body,
 * authorises the caller (facilitators run the process; every member reads), applies a rule of
 * `@tablecloth/path` to the plan in the control doc inside one server write, and answers.
 */
export function createPathRoutes(deps: PathRoutesDeps): Hono {
  const { eventStore, tokens, membership, sync, logger, config } = deps;
  const now = deps.now ?? Date.now;
  const service = deps.events;
  const member = { eventStore, tokens, membership };
  const schema = createTLSchema().serialize();
  const limitBody = bodyLimit({
    maxSize: config.maxBodyBytes,
    onError: () => {
      throw new ApiError(413, "too_large", `The body is larger than ${config.maxBodyBytes} bytes.`);
    },
  });
  const app = new Hono();
  app.onError(apiErrorHandler(logger));

  /**
   * Reads the plan, applies `change` (a pure rule that may throw `PathError`) and writes the
   * result, all inside one write of the control doc, so two facilitators' clicks never interleave.
   */
  const changePlan = async (
    event: EventRecord,
    board: BoardRecord,
    author: string,
    change: (plan: PathPlanState) => PathPlanState,
  ): Promise<PathPlanState> => {
    let result: PathPlanState | null = null;
    let failure: unknown = null;
    await sync.transact(event.controlDocName, author, (doc) => {
      const plan = readPathPlan(doc, board.id);
      if (!plan) {
        failure = notFound("This board has no PATH plan.");
        return;
      }
      try {
        result = change(plan);
      } catch (error) {
        failure = error;
        return;
      }
      writePathPlan(doc, result);
    });
    if (failure !== null) pathErrorToApi(failure);
    if (result === null) throw notFound("This board has no PATH plan.");
    return result;
  };

  app.post("/events/:eventId/path/plans", limitBody, async (c) => {
    const { caller, event } = await requirePathMember(c, member, "facilitator");
    const body = await parseJsonBody(c, PathCreateBodySchema);
    let focus: string;
    let heldOn: string;
    try {
      focus = validateFocus(body.focus);
      heldOn = body.heldOn ?? calendarDate(now());
      dayNumber("heldOn", heldOn);
    } catch (error) {
      pathErrorToApi(error);
    }
    const author = caller.participant.id;
    const board = await service.createBoard(
      event,
      { kind: "path", title: body.title ?? `PATH for ${focus}`, question: null },
      author,
    );
    await sync.transact(board.docName, author, (doc) => seedPathBoard(doc, focus, schema));
    const plan: PathPlanState = {
      boardId: board.id,
      focus,
      heldOn,
      graphicFacilitatorId: null,
      progress: NOT_STARTED,
      people: [],
      actions: [],
    };
    await sync.transact(event.controlDocName, author, (doc) => writePathPlan(doc, plan));
    return c.json({ plan: planToApi(board, plan) }, 201);
  });

  app.get("/events/:eventId/path", async (c) => {
    const { event } = await requirePathMember(c, member, "member");
    const boards = new Map(
      (await eventStore.listBoards(event.id))
        .filter((b) => b.kind === "path")
        .map((b) => [b.id, b]),
    );
    const plans = await sync.read(event.controlDocName, readPathPlans);
    c.header("Cache-Control", "no-store");
    return c.json({
      plans: plans.flatMap((plan) => {
        const board = boards.get(plan.boardId);
        return board ? [planToApi(board, plan)] : [];
      }),
    });
  });

  app.get("/events/:eventId/path/plans/:boardId", async (c) => {
    const { event } = await requirePathMember(c, member, "member");
    const board = await requirePathBoard(c, eventStore, event);
    const plan = await sync.read(event.controlDocName, (doc) => readPathPlan(doc, board.id));
    if (!plan) throw notFound("This board has no PATH plan.");
    c.header("Cache-Control", "no-store");
    return c.json({ plan: planToApi(board, plan) });
  });

  app.post("/events/:eventId/path/plans/:boardId/step", limitBody, async (c) => {
    const { caller, event } = await requirePathMember(c, member, "facilitator");
    const board = await requirePathBoard(c, eventStore, event);
    const { step } = await parseJsonBody(c, PathStepBodySchema);
    if (!isPathStepId(step)) throw badRequest(`No PATH step is called ${step}.`, "step");
    const at = now();
    const plan = await changePlan(event, board, caller.participant.id, (p) => ({
      ...p,
      progress: goToStep(p.progress, step, at),
    }));
    return c.json({ plan: planToApi(board, plan) });
  });

  app.post("/events/:eventId/path/plans/:boardId/phase", limitBody, async (c) => {
    const { caller, event } = await requirePathMember(c, member, "facilitator");
    const board = await requirePathBoard(c, eventStore, event);
    const { phase } = await parseJsonBody(c, PathPhaseBodySchema);
    const plan = await changePlan(event, board, caller.participant.id, (p) => ({
      ...p,
      progress: setPhase(p.progress, phase),
    }));
    return c.json({ plan: planToApi(board, plan) });
  });

  app.put("/events/:eventId/path/plans/:boardId/graphic-facilitator", limitBody, async (c) => {
    const { caller, event } = await requirePathMember(c, member, "facilitator");
    const board = await requirePathBoard(c, eventStore, event);
    const { participantId } = await parseJsonBody(c, PathGraphicFacilitatorBodySchema);
    if (participantId !== null) {
      const person = await eventStore.getParticipant(participantId);
      if (!person || person.eventId !== event.id || person.removedAt !== null) {
        throw notFound("No such person in this event.");
      }
      if (person.role === "observer") {
        throw badRequest("An observer cannot draw: choose a facilitator or participant.");
      }
    }
    const plan = await changePlan(event, board, caller.participant.id, (p) => ({
      ...p,
      graphicFacilitatorId: participantId,
    }));
    return c.json({ plan: planToApi(board, plan) });
  });

  app.post("/events/:eventId/path/plans/:boardId/people", limitBody, async (c) => {
    const { caller, event } = await requirePathMember(c, member, "facilitator");
    const board = await requirePathBoard(c, eventStore, event);
    const body = await parseJsonBody(c, PathPersonBodySchema);
    const plan = await changePlan(
      event,
      board,
      caller.participant.id,
      (p) => addEnrolPerson(p, validateEnrolPerson(randomUUID(), body)) as PathPlanState,
    );
    return c.json({ plan: planToApi(board, plan) }, 201);
  });

  app.post("/events/:eventId/path/plans/:boardId/actions", limitBody, async (c) => {
    const { caller, event } = await requirePathMember(c, member, "facilitator");
    const board = await requirePathBoard(c, eventStore, event);
    const body = await parseJsonBody(c, PathActionBodySchema);
    const plan = await changePlan(
      event,
      board,
      caller.participant.id,
      (p) => addAction(p, validateAction(randomUUID(), body, p.heldOn)) as PathPlanState,
    );
    return c.json({ plan: planToApi(board, plan) }, 201);
  });

  app.delete("/events/:eventId/path/plans/:boardId/items/:itemId", async (c) => {
    const { caller, event } = await requirePathMember(c, member, "facilitator");
    const board = await requirePathBoard(c, eventStore, event);
    const itemId = c.req.param("itemId");
    const plan = await changePlan(
      event,
      board,
      caller.participant.id,
      (p) => removeItem(p, itemId) as PathPlanState,
    );
    return c.json({ plan: planToApi(board, plan) });
  });

  app.get("/events/:eventId/path/plans/:boardId/list", async (c) => {
    const { event } = await requirePathMember(c, member, "member");
    const board = await requirePathBoard(c, eventStore, event);
    const plan = await sync.read(event.controlDocName, (doc) => readPathPlan(doc, board.id));
    if (!plan) throw notFound("This board has no PATH plan.");
    const records = await sync.read(board.docName, (doc) => {
      const out: ShapeLike[] = [];
      getRecordsMap(doc).forEach((map) => {
        const record = yMapToRecord(map);
        if (typeof record.id === "string" && typeof record.typeName === "string") {
          out.push(record as unknown as ShapeLike);
        }
      });
      return out;
    });
    const sections = pathExportList(plan, notesByRegion(records).byStep);
    c.header("Cache-Control", "no-store");
    return c.json({ sections, text: pathExportText(plan, sections) });
  });

  return app;
}

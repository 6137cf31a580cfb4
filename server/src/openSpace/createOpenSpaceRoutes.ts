import {
  type Actor,
  compileProceedings,
  createOpenSpaceReader,
  editSession,
  fileReport,
  leaveAnnouncementQueue,
  mergeSessions,
  moveSession,
  nextAnnouncement,
  nextWhereabouts,
  type OpenSpaceState,
  openClosingCircle,
  postSession,
  queueAnnouncement,
  readOpenSpaceEntry,
  removeSession,
  renderProceedingsHtml,
  scheduleOf,
  setGrid,
  setPhase,
  signUp,
  withdraw,
  writeOpenSpace,
  writeWhereabouts,
} from "@tablecloth/open-space";
import {
  OpenSpaceGridBodySchema,
  OpenSpaceMergeBodySchema,
  OpenSpacePhaseBodySchema,
  OpenSpacePostBodySchema,
  OpenSpaceQueueBodySchema,
  OpenSpaceReportBodySchema,
  type OpenSpaceStateResponse,
  OpenSpaceUpdateSessionBodySchema,
  OpenSpaceWhereBodySchema,
} from "@tablecloth/protocol";
import type { Logger } from "@tablecloth/sync";
import { type Context, Hono } from "hono";
import type * as Y from "yjs";
import { badRequest, notFound } from "../api/ApiError";
import type { ApiConfig } from "../api/apiConfig";
import { apiErrorHandler } from "../api/apiErrorHandler";
import { limitJsonBody } from "../api/limitJsonBody";
import { parseJsonBody } from "../api/parseJsonBody";
import type { MembershipCache } from "../auth/MembershipCache";
import type { TokenService } from "../auth/TokenService";
import type { EventService } from "../EventService";
import { removeBoardFromControlDoc, writeBoardToControlDoc } from "../events/controlDocWriters";
import type { EventRecord, EventStore } from "../events/EventStore";
import { newId } from "../events/ids";
import type { SyncControl } from "../events/SyncControl";
import { cellTakenResponse } from "./cellTakenResponse";
import { openSpaceErrorToApi } from "./openSpaceErrorToApi";
import { requireOpenSpaceMember } from "./requireOpenSpaceMember";
import { sessionToApi } from "./sessionToApi";

export interface OpenSpaceRoutesDeps {
  /** The server's one `EventService` (`createEventService`). */
  events: EventService;
  eventStore: EventStore;
  tokens: TokenService;
  membership: MembershipCache;
  sync: SyncControl;
  logger: Logger;
  config: ApiConfig;
  now?: () => number;
}

/** A rule's refusal, with the state it was refused in (for the free cells of a `cell_taken`). */
type Outcome<T> =
  | { ok: true; value: T; state: OpenSpaceState }
  | { ok: false; error: unknown; state: OpenSpaceState };

/**
 * The Open Space API, to mount at `/api`. Every route parses, authorises, applies one rule of
 * `@tablecloth/open-space` to the state in the event's control doc and answers. The read, the
 * rule and the write run in one synchronous step on the live doc (`SyncControl.transact`), so
 * changes of one event are serialised: of two posts into one cell at once, exactly one wins.
 */
export function createOpenSpaceRoutes(deps: OpenSpaceRoutesDeps): Hono {
  const { eventStore, tokens, membership, sync, logger, config } = deps;
  const now = deps.now ?? Date.now;
  const service = deps.events;
  const member = { eventStore, tokens, membership };
  // One read of the control doc shared until it changes: a burst's refusals change nothing.
  const readOpenSpace = createOpenSpaceReader();
  const limitBody = limitJsonBody(config.maxBodyBytes);

  /**
   * Applies `rule` to the event's Open Space as one change by `author`; `alsoWrite`, if given,
   * runs in the same change when the rule succeeded (e.g. the board a post brings along).
   */
  const attempt = async <T>(
    event: EventRecord,
    author: string,
    rule: (state: OpenSpaceState) => { next: OpenSpaceState; value: T },
    alsoWrite?: (doc: Y.Doc) => void,
  ): Promise<Outcome<T>> => {
    let outcome: Outcome<T> | undefined;
    await sync.transact(event.controlDocName, author, (doc) => {
      const { state, problems } = readOpenSpace(doc);
      if (problems.length > 0)
        logger.warn("open space: malformed entries skipped", { eventId: event.id, problems });
      let ruled: { next: OpenSpaceState; value: T };
      try {
        ruled = rule(state);
      } catch (error) {
        outcome = { ok: false, error, state };
        return;
      }
      writeOpenSpace(doc, state, ruled.next);
      alsoWrite?.(doc);
      outcome = { ok: true, value: ruled.value, state: ruled.next };
    });
    if (outcome === undefined)
      throw new Error("open space: the control doc did not run the change");
    return outcome;
  };

  /** `attempt`, answering a refusal as its API error. */
  const apply = async (
    event: EventRecord,
    author: string,
    rule: (state: OpenSpaceState) => OpenSpaceState,
  ): Promise<OpenSpaceState> => {
    const outcome = await attempt(event, author, (state) => ({ next: rule(state), value: null }));
    if (!outcome.ok) throw openSpaceErrorToApi(outcome.error);
    return outcome.state;
  };

  const read = (event: EventRecord) =>
    sync.read(event.controlDocName, (doc) => readOpenSpace(doc).state);

  const stateToApi = (state: OpenSpaceState, actor: Actor): OpenSpaceStateResponse => ({
    phase: state.phase,
    spaces: state.spaces.map((s) => ({ ...s })),
    slots: state.slots.map((s) => ({ ...s })),
    sessions: Object.values(state.sessions).map((s) => sessionToApi(state, s)),
    queue: { speaking: state.queue.speaking, waiting: [...state.queue.waiting] },
    closingBoard: state.closingBoard,
    mySchedule: scheduleOf(state, actor.id),
    myWhereabouts: state.whereabouts[actor.id]?.sessionId ?? null,
  });

  const sessionAnswer = (
    c: Context,
    state: OpenSpaceState,
    sessionId: string,
    status: 200 | 201 = 200,
  ) => {
    const session = state.sessions[sessionId];
    if (!session) throw notFound("There is no such session.");
    return c.json({ session: sessionToApi(state, session) }, status);
  };

  const app = new Hono();
  app.onError(apiErrorHandler(logger));

  app.get("/events/:eventId/open-space", async (c) => {
    const { actor, event } = await requireOpenSpaceMember(c, member, "member");
    c.header("Cache-Control", "no-store");
    return c.json(stateToApi(await read(event), actor));
  });

  app.put("/events/:eventId/open-space/grid", limitBody, async (c) => {
    const { actor, event } = await requireOpenSpaceMember(c, member, "facilitator");
    const body = await parseJsonBody(c, OpenSpaceGridBodySchema);
    const state = await apply(event, actor.id, (s) => setGrid(s, actor, body, newId));
    logger.info("open space grid set", {
      eventId: event.id,
      spaces: state.spaces.length,
      slots: state.slots.length,
    });
    return c.json({ spaces: state.spaces, slots: state.slots });
  });

  app.post("/events/:eventId/open-space/sessions", limitBody, async (c) => {
    const { actor, event } = await requireOpenSpaceMember(c, member, "contributor");
    const body = await parseJsonBody(c, OpenSpacePostBodySchema);
    const input = { id: newId(), ...body, postedAt: now() };
    const sessionId = input.id;
    const refuse = (error: unknown, state: OpenSpaceState) => {
      const taken = cellTakenResponse(error, state, body);
      if (taken !== null) return c.json(taken, 409);
      throw openSpaceErrorToApi(error);
    };
    // Most posts of a burst are refused (1,400 of 1,500 in the bench): the rule is tried on the
    // state as it is first (a read, no change), and a refusal answered from it.
    const seen = await read(event);
    try {
      postSession(seen, actor, input);
    } catch (error) {
      return refuse(error, seen);
    }
    // One change per accepted post, carrying its board (every control-doc change goes to every
    // page: 1,500 at a big marketplace). The board's row is stored right after; should that
    // fail, the post and its board are taken back so the cell is free again. (With SQLite the
    // row is in before the change leaves at the next broadcast tick.)
    const board = service.draftBoard(event, { kind: "session", title: body.title, question: null });
    const posted = await attempt(
      event,
      actor.id,
      (s) => ({
        next: postSession(s, actor, {
          ...input,
          board: { boardId: board.id, docName: board.docName },
        }),
        value: null,
      }),
      (doc) => writeBoardToControlDoc(doc, board),
    );
    if (!posted.ok) return refuse(posted.error, posted.state);
    try {
      await service.storeBoard(board);
    } catch (error) {
      await attempt(
        event,
        actor.id,
        (s) => ({ next: s.sessions[sessionId] ? removeSession(s, sessionId) : s, value: null }),
        (doc) => removeBoardFromControlDoc(doc, board.id),
      )
        .then((undo) => {
          if (!undo.ok) throw undo.error;
        })
        .catch((undo: unknown) =>
          logger.error("open space: a post without a board could not be taken back", {
            eventId: event.id,
            sessionId,
            error: undo,
          }),
        );
      throw error;
    }
    return sessionAnswer(c, posted.state, sessionId, 201);
  });

  app.patch("/events/:eventId/open-space/sessions/:sessionId", limitBody, async (c) => {
    const { actor, event } = await requireOpenSpaceMember(c, member, "contributor");
    const body = await parseJsonBody(c, OpenSpaceUpdateSessionBodySchema);
    const sessionId = c.req.param("sessionId");
    const { spaceId, slotId, ...patch } = body;
    if ((spaceId === undefined) !== (slotId === undefined)) {
      throw badRequest(
        "A move names both spaceId and slotId.",
        spaceId === undefined ? "spaceId" : "slotId",
      );
    }
    const state = await apply(event, actor.id, (s) => {
      const edited = editSession(s, actor, sessionId, patch);
      return spaceId === undefined || slotId === undefined
        ? edited
        : moveSession(edited, actor, sessionId, { spaceId, slotId });
    });
    return sessionAnswer(c, state, sessionId);
  });

  app.delete("/events/:eventId/open-space/sessions/:sessionId", async (c) => {
    const { actor, event } = await requireOpenSpaceMember(c, member, "contributor");
    const sessionId = c.req.param("sessionId");
    await apply(event, actor.id, (s) => {
      const session = s.sessions[sessionId];
      if (session === undefined) return s;
      // Only who may change it may take it off the wall; its board stays in the event.
      editSession(s, actor, sessionId, {});
      return removeSession(s, sessionId);
    });
    return c.body(null, 204);
  });

  app.post("/events/:eventId/open-space/sessions/:sessionId/merge", limitBody, async (c) => {
    const { actor, event } = await requireOpenSpaceMember(c, member, "facilitator");
    const body = await parseJsonBody(c, OpenSpaceMergeBodySchema);
    const sessionId = c.req.param("sessionId");
    const state = await apply(event, actor.id, (s) =>
      mergeSessions(s, actor, sessionId, body.from),
    );
    logger.info("open space sessions merged", {
      eventId: event.id,
      into: sessionId,
      from: body.from,
    });
    return sessionAnswer(c, state, sessionId);
  });

  app.put("/events/:eventId/open-space/sessions/:sessionId/signup", async (c) => {
    const { actor, event } = await requireOpenSpaceMember(c, member, "contributor");
    const sessionId = c.req.param("sessionId");
    const state = await apply(event, actor.id, (s) => signUp(s, actor, sessionId));
    return c.json({ schedule: scheduleOf(state, actor.id) });
  });

  app.delete("/events/:eventId/open-space/sessions/:sessionId/signup", async (c) => {
    const { actor, event } = await requireOpenSpaceMember(c, member, "contributor");
    const sessionId = c.req.param("sessionId");
    const state = await apply(event, actor.id, (s) => withdraw(s, actor, sessionId));
    return c.json({ schedule: scheduleOf(state, actor.id) });
  });

  app.put("/events/:eventId/open-space/where", limitBody, async (c) => {
    const { actor, event } = await requireOpenSpaceMember(c, member, "contributor");
    const body = await parseJsonBody(c, OpenSpaceWhereBodySchema);
    // A move reads the target session and the mover's own whereabouts and writes the mover's
    // (`nextWhereabouts`, the rule `goTo` applies): with 2,000 people, building the next state
    // and comparing it with this one walked every whereabouts on every move, and reading the
    // whole state copied them all (the reader catches up on the moves at its next read).
    let refusal: { error: unknown } | undefined;
    await sync.transact(event.controlDocName, actor.id, (doc) => {
      const target = body.sessionId;
      const session = target === null ? undefined : readOpenSpaceEntry(doc, "sessions", target);
      const current = readOpenSpaceEntry(doc, "where", actor.id);
      const view = {
        sessions: target !== null && session !== undefined ? { [target]: session } : {},
        whereabouts: current === undefined ? {} : { [actor.id]: current },
      };
      try {
        const next = nextWhereabouts(view, actor, target);
        if (next !== null) writeWhereabouts(doc, actor.id, next);
      } catch (error) {
        refusal = { error };
      }
    });
    if (refusal !== undefined) throw openSpaceErrorToApi(refusal.error);
    return c.json({ sessionId: body.sessionId });
  });

  app.put("/events/:eventId/open-space/sessions/:sessionId/report", limitBody, async (c) => {
    const { actor, event } = await requireOpenSpaceMember(c, member, "contributor");
    const body = await parseJsonBody(c, OpenSpaceReportBodySchema);
    const sessionId = c.req.param("sessionId");
    const state = await apply(event, actor.id, (s) =>
      fileReport(s, actor, sessionId, { ...body, filedAt: now() }),
    );
    logger.info("open space report filed", { eventId: event.id, sessionId });
    return c.json({ report: state.reports[sessionId] });
  });

  app.post("/events/:eventId/open-space/queue", limitBody, async (c) => {
    const { actor, event } = await requireOpenSpaceMember(c, member, "contributor");
    const body = await parseJsonBody(c, OpenSpaceQueueBodySchema);
    const state = await apply(event, actor.id, (s) => {
      switch (body.action) {
        case "join":
          return queueAnnouncement(s, actor, body.sessionId);
        case "leave":
          return leaveAnnouncementQueue(s, actor, body.sessionId);
        case "next":
          return nextAnnouncement(s, actor);
      }
    });
    return c.json({ queue: state.queue });
  });

  app.put("/events/:eventId/open-space/phase", limitBody, async (c) => {
    const { actor, event } = await requireOpenSpaceMember(c, member, "facilitator");
    const body = await parseJsonBody(c, OpenSpacePhaseBodySchema);
    const state = await apply(event, actor.id, (s) => setPhase(s, actor, body.phase));
    return c.json({ phase: state.phase });
  });

  app.post("/events/:eventId/open-space/closing", async (c) => {
    const { actor, event } = await requireOpenSpaceMember(c, member, "facilitator");
    const current = await read(event);
    if (current.closingBoard !== null) {
      const state = await apply(event, actor.id, (s) => setPhase(s, actor, "closing"));
      return c.json({ closingBoard: state.closingBoard });
    }
    const board = await service.createBoard(
      event,
      { kind: "plenary", title: "Closing circle", question: null },
      actor.id,
    );
    const state = await apply(event, actor.id, (s) =>
      s.closingBoard === null
        ? openClosingCircle(s, actor, { boardId: board.id, docName: board.docName })
        : setPhase(s, actor, "closing"),
    );
    return c.json({ closingBoard: state.closingBoard });
  });

  app.get("/events/:eventId/open-space/proceedings", async (c) => {
    const { event } = await requireOpenSpaceMember(c, member, "member");
    const proceedings = compileProceedings(await read(event), event);
    c.header("Cache-Control", "no-store");
    if (c.req.query("format") === "html") {
      const eventPath = `/e/${encodeURIComponent(event.id)}/b/`;
      return c.html(
        renderProceedingsHtml(proceedings, {
          boardHref: (b) => `${eventPath}${encodeURIComponent(b.boardId)}`,
          compiledAt: now(),
        }),
      );
    }
    return c.json({ proceedings });
  });

  return app;
}

import { randomInt } from "node:crypto";
import {
  addCafeTable,
  applyRoundAction,
  applySeating,
  type CafePerson,
  checkCanHost,
  planCafeRotation,
  type RoundSeating,
  readCafe,
  readPastRounds,
  setUpCafe,
  tablesToMake,
  updateCafeTable,
  volunteerAsHost,
  writeName,
  writeRoundEnd,
  writeSettings,
  writeTable,
} from "@tablecloth/cafe";
import {
  CafeAddTableBodySchema,
  CafeApplyBodySchema,
  CafeMovementBodySchema,
  CafePlanBodySchema,
  CafeRoundBodySchema,
  CafeRoundEndBodySchema,
  CafeSetupBodySchema,
  CafeUpdateTableBodySchema,
  tableJoinPath,
} from "@tablecloth/protocol";
import type { Logger } from "@tablecloth/sync";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type * as Y from "yjs";
import { ApiError, notFound } from "../api/ApiError";
import type { ApiConfig } from "../api/apiConfig";
import { apiErrorHandler } from "../api/apiErrorHandler";
import { parseJsonBody } from "../api/parseJsonBody";
import { publicOrigin } from "../api/publicOrigin";
import type { MembershipCache } from "../auth/MembershipCache";
import type { TokenService } from "../auth/TokenService";
import type { EventService } from "../EventService";
import type { EventRecord, EventStore } from "../events/EventStore";
import { cafeRoundsDocName } from "../events/ids";
import type { SyncControl } from "../events/SyncControl";
import { qrCodeSvg } from "../http/qrCodeSvg";
import { addCafePeopleRoutes } from "./addCafePeopleRoutes";
import { cafeErrorToApi } from "./cafeErrors";
import { cafeRouteKit } from "./cafeRouteKit";
import { planToApi, tableToApi } from "./cafeViews";
import { recordEndedRound } from "./recordEndedRound";
import { requireEventMember } from "./requireEventMember";

export interface CafeRoutesDeps {
  /** The server's one `EventService` (`createEventService`). */
  events: EventService;
  eventStore: EventStore;
  tokens: TokenService;
  membership: MembershipCache;
  sync: SyncControl;
  logger: Logger;
  config: ApiConfig;
  /** Server clock (epoch ms): round times and `/time`. Injected in tests. */
  now?: () => number;
  /** Told after a round ended (the café keeps a picture of every cloth); must not block. */
  onRoundEnded?: (event: EventRecord) => void;
  /** Told the control doc whose round a route started or changed (the server's round timer). */
  onRoundChanged?: (controlDocName: string) => void;
}

/** Named defaults of the café routes. */
export const CAFE_ROUTE_DEFAULTS = {
  /** What "extend" adds when the facilitator does not say. */
  extendMs: 60_000,
  /** Plans and seatings name everyone (5,000 people ≈ 0.5 MB): a larger body than other calls. */
  maxRotationBodyBytes: 2 * 1024 * 1024,
} as const;

/**
 * The World Café API, to mount at `/api` beside the events routes. Participants are read-only on
 * the control doc, so everything they may change about the café (saying they are here, moving
 * when movement is free, volunteering as host) goes through these checked routes; facilitators'
 * set-up, round, rotation and seating calls are written by the server too, so every change is
 * validated once and stored with its author.
 *
 * Each route parses the body, authorises the caller, applies one rule of `@tablecloth/cafe` to the
 * live control doc and answers: the café's rules live in that package, not here.
 */
export function createCafeRoutes(deps: CafeRoutesDeps): Hono {
  const { eventStore, tokens, membership, sync, logger, config } = deps;
  const now = deps.now ?? Date.now;
  const service = deps.events;
  const member = { eventStore, tokens, membership };
  const limitTo = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new ApiError(413, "too_large", `The body is larger than ${maxSize} bytes.`);
      },
    });
  const limitBody = limitTo(config.maxBodyBytes);
  const limitRotationBody = limitTo(
    Math.max(config.maxBodyBytes, CAFE_ROUTE_DEFAULTS.maxRotationBodyBytes),
  );

  /**
   * The past rounds recorded in the event's server-only rounds doc (see `cafeRoundsDocName`);
   * `planCafeRotation` merges them with the legacy `cafe.history` of an older control doc.
   */
  const readRecordedRounds = async (event: EventRecord): Promise<readonly RoundSeating[]> => {
    const read = await sync.read(cafeRoundsDocName(event.id), readPastRounds);
    if (read.problems.length > 0) {
      logger.warn("café past rounds: malformed entries skipped", {
        eventId: event.id,
        problems: read.problems,
      });
    }
    return read.rounds;
  };

  /** Writes the name of a newly appointed host beside their seat (their first seat, maybe). */
  const rememberName = (doc: Y.Doc, person: CafePerson | null): void => {
    if (person !== null) writeName(doc, person.id, person.name);
  };

  const { onControlDoc, requireSeatable } = cafeRouteKit({ sync, membership });
  const app = new Hono();
  app.onError(apiErrorHandler(logger));

  app.get("/time", (c) => {
    c.header("Cache-Control", "no-store");
    return c.json({ now: now() });
  });

  app.put("/events/:eventId/cafe/setup", limitBody, async (c) => {
    const { caller, event } = await requireEventMember(c, member, "facilitator");
    const body = await parseJsonBody(c, CafeSetupBodySchema);
    const author = caller.participant.id;
    const existing = await onControlDoc(event, author, (doc) => {
      setUpCafe(doc, {
        questions: body.questions,
        roundCount: body.rounds,
        roundLengthMs: body.roundMs,
      });
      return readCafe(doc).tables.length;
    });
    // The questions are the rounds' (see `roundQuestions.ts`): tables made here get none of their
    // own, so each shows its round's question; a facilitator may still give one table its own.
    const toMake = body.makeTables ? tablesToMake(existing, body.makeTables, []) : [];
    for (const { title, question, capacity } of toMake) {
      const board = await service.createBoard(event, { kind: "table", title, question }, author);
      await onControlDoc(event, author, (doc) =>
        writeTable(doc, {
          id: board.id,
          name: board.title,
          question,
          hostId: null,
          boardId: board.id,
          docName: board.docName,
          capacity,
        }),
      );
    }
    const cafe = await sync.read(event.controlDocName, readCafe);
    logger.info("café set up", { eventId: event.id, tables: cafe.tables.length });
    return c.json({ tables: cafe.tables.map((t) => tableToApi(t, cafe)) });
  });

  app.post("/events/:eventId/cafe/tables", limitBody, async (c) => {
    const { caller, event } = await requireEventMember(c, member, "facilitator");
    const body = await parseJsonBody(c, CafeAddTableBodySchema);
    const author = caller.participant.id;
    const question = body.question === undefined || body.question === "" ? null : body.question;
    const host = body.hostId ? await requireSeatable(event, body.hostId) : null;
    // Refused before the board is made, so a refusal leaves no orphan board behind.
    if (host !== null) {
      const state = await sync.read(event.controlDocName, readCafe);
      try {
        checkCanHost(state, host.id, null);
      } catch (error) {
        throw cafeErrorToApi(error);
      }
    }
    const board = await service.createBoard(
      event,
      { kind: "table", title: body.title, question },
      author,
    );
    const [table, cafe] = await onControlDoc(event, author, (doc) => {
      rememberName(doc, host);
      const added = addCafeTable(doc, {
        id: board.id,
        name: board.title,
        question,
        hostId: host?.id ?? null,
        boardId: board.id,
        docName: board.docName,
        capacity: body.capacity ?? null,
      });
      return [added, readCafe(doc)] as const;
    });
    return c.json({ table: tableToApi(table, cafe) }, 201);
  });

  app.patch("/events/:eventId/cafe/tables/:tableId", limitBody, async (c) => {
    const { caller, event } = await requireEventMember(c, member, "facilitator");
    const body = await parseJsonBody(c, CafeUpdateTableBodySchema);
    const tableId = c.req.param("tableId");
    const host = body.hostId ? await requireSeatable(event, body.hostId) : null;
    const [table, cafe] = await onControlDoc(
      event,
      caller.participant.id,
      (doc) => {
        const next = updateCafeTable(doc, tableId, {
          name: body.title,
          question: body.question,
          hostId: body.hostId,
          capacity: body.capacity,
        });
        rememberName(doc, host);
        return [next, readCafe(doc)] as const;
      },
      { tableIn: "path" },
    );
    return c.json({ table: tableToApi(table, cafe) });
  });

  app.post("/events/:eventId/cafe/tables/:tableId/volunteer", async (c) => {
    const { caller, event } = await requireEventMember(c, member, "participant");
    const me = caller.participant;
    const [table, cafe] = await onControlDoc(
      event,
      me.id,
      (doc) => {
        const next = volunteerAsHost(doc, c.req.param("tableId"), me.id);
        rememberName(doc, me);
        return [next, readCafe(doc)] as const;
      },
      { tableIn: "path" },
    );
    return c.json({ table: tableToApi(table, cafe) });
  });

  // The QR code on a physical table: someone who has not joined yet scans it, types their name on
  // the join page and lands in the café at that table (`?table=`, then `arrive`).
  app.get("/events/:eventId/cafe/tables/:tableId/qr.svg", async (c) => {
    const { event } = await requireEventMember(c, member, "facilitator");
    const board = await eventStore.getBoard(c.req.param("tableId"));
    if (!board || board.eventId !== event.id || board.kind !== "table") {
      throw notFound("No such table in this café.");
    }
    const origin = publicOrigin(c, config.publicUrl, config.trustProxy);
    const url = `${origin}${tableJoinPath(event.joinCode, event.id, board.id)}`;
    const svg = await qrCodeSvg(url);
    return c.body(svg, 200, {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control": "private, no-store",
    });
  });

  app.post("/events/:eventId/cafe/round", limitBody, async (c) => {
    const { caller, event } = await requireEventMember(c, member, "facilitator");
    const body = await parseJsonBody(c, CafeRoundBodySchema);
    const at = now();
    const round = await onControlDoc(event, caller.participant.id, (doc) =>
      applyRoundAction(doc, body.action, {
        now: at,
        durationMs: body.durationMs,
        extendMs: body.extendMs ?? CAFE_ROUTE_DEFAULTS.extendMs,
      }),
    );
    logger.info("café round", { eventId: event.id, action: body.action, round });
    if (body.action === "end") deps.onRoundEnded?.(event);
    else deps.onRoundChanged?.(event.controlDocName);
    return c.json({ round, serverNow: at });
  });

  app.post("/events/:eventId/cafe/rotation/plan", limitRotationBody, async (c) => {
    const { event } = await requireEventMember(c, member, "facilitator");
    const body = await parseJsonBody(c, CafePlanBodySchema);
    const recorded = await readRecordedRounds(event);
    const state = await sync.read(event.controlDocName, readCafe);
    const seed = body.seed ?? randomInt(0, 0xffffffff);
    try {
      return c.json({ plan: planToApi(planCafeRotation(state, recorded, seed, body.moves)) });
    } catch (error) {
      throw cafeErrorToApi(error);
    }
  });

  app.post("/events/:eventId/cafe/rotation/apply", limitRotationBody, async (c) => {
    const { caller, event } = await requireEventMember(c, member, "facilitator");
    const body = await parseJsonBody(c, CafeApplyBodySchema);
    const at = now();
    const author = caller.participant.id;
    const result = await onControlDoc(event, author, (doc) =>
      applySeating(doc, body, { startRound: body.startRound, now: at }),
    );
    await recordEndedRound(sync, logger, event.id, author, result);
    deps.onRoundChanged?.(event.controlDocName);
    const answer = { round: result.round, moved: result.moved };
    logger.info("café rotation applied", { eventId: event.id, ...answer });
    return c.json(answer);
  });

  app.put("/events/:eventId/cafe/movement", limitBody, async (c) => {
    const { caller, event } = await requireEventMember(c, member, "facilitator");
    const body = await parseJsonBody(c, CafeMovementBodySchema);
    await onControlDoc(event, caller.participant.id, (doc) =>
      writeSettings(doc, { freeMovement: body.free }),
    );
    return c.json({ free: body.free });
  });

  app.put("/events/:eventId/cafe/round-end", limitBody, async (c) => {
    const { caller, event } = await requireEventMember(c, member, "facilitator");
    const body = await parseJsonBody(c, CafeRoundEndBodySchema);
    await onControlDoc(event, caller.participant.id, (doc) => writeRoundEnd(doc, body.choice));
    return c.json({ choice: body.choice });
  });

  app.post("/events/:eventId/cafe/harvest", async (c) => {
    const { caller, event } = await requireEventMember(c, member, "facilitator");
    const boards = await eventStore.listBoards(event.id);
    const board =
      boards.find((b) => b.kind === "harvest") ??
      (await service.createBoard(
        event,
        { kind: "harvest", title: "Harvest", question: null },
        caller.participant.id,
      ));
    return c.json({ boardId: board.id, docName: board.docName });
  });

  addCafePeopleRoutes(app, {
    member,
    membership,
    logger,
    limitBody,
    onControlDoc,
    requireSeatable,
  });
  return app;
}

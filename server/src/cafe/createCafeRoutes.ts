import { randomInt } from "node:crypto";
import {
  applyManualMove,
  applyRotation,
  assignTableSlots,
  type CafeState,
  type CafeTable,
  endRound,
  extendRound,
  mergePastRounds,
  pauseRound,
  planRotation,
  type RotationMove,
  type RotationPlan,
  type RoundSeating,
  type RoundState,
  readCafe,
  readPastRounds,
  recordPastRound,
  resumeRound,
  rotationInputFromCafe,
  startRound,
  validateRotationInput,
  writePresence,
  writeRound,
  writeSeat,
  writeSettings,
  writeTable,
} from "@tablecloth/cafe";
import {
  CafeAddTableBodySchema,
  CafeApplyBodySchema,
  CafeMoveBodySchema,
  CafeMovementBodySchema,
  type CafePlan,
  CafePlanBodySchema,
  CafePresenceBodySchema,
  CafeRoundBodySchema,
  CafeSeatBodySchema,
  CafeSetupBodySchema,
  type CafeTable as CafeTableView,
  CafeUpdateTableBodySchema,
} from "@tablecloth/protocol";
import type { Logger } from "@tablecloth/sync";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type * as Y from "yjs";
import { ApiError, badRequest, conflict, forbidden, notFound } from "../api/ApiError";
import type { ApiConfig } from "../api/apiConfig";
import { apiErrorHandler } from "../api/apiErrorHandler";
import { parseJsonBody } from "../api/parseJsonBody";
import type { MembershipCache } from "../auth/MembershipCache";
import type { TokenService } from "../auth/TokenService";
import { EventService } from "../events/EventService";
import type { EventRecord, EventStore } from "../events/EventStore";
import { cafeRoundsDocName } from "../events/ids";
import type { SyncControl } from "../events/SyncControl";
import { cafeErrorToApi } from "./cafeErrors";
import { requireEventMember } from "./requireEventMember";
import { recordRoundTransition } from "./roundTimeline";

export interface CafeRoutesDeps {
  eventStore: EventStore;
  tokens: TokenService;
  membership: MembershipCache;
  sync: SyncControl;
  logger: Logger;
  config: ApiConfig;
  /** Server clock (epoch ms): round times and `/time`. Injected in tests. */
  now?: () => number;
}

/** Named defaults of the café routes. */
export const CAFE_ROUTE_DEFAULTS = {
  /** What "extend" adds when the facilitator does not say. */
  extendMs: 60_000,
  /** Plans and seatings name everyone (5,000 people ≈ 0.5 MB): a larger body than other calls. */
  maxRotationBodyBytes: 2 * 1024 * 1024,
} as const;

function tableToApi(table: CafeTable): CafeTableView {
  return {
    id: table.id,
    title: table.name,
    question: table.question ?? "",
    hostId: table.hostId,
    capacity: table.capacity,
    docName: table.docName ?? "",
  };
}

function planToApi(plan: RotationPlan): CafePlan {
  const { stats } = plan;
  return {
    seed: plan.seed,
    base: plan.base,
    seating: plan.seating,
    moves: plan.moves.map((m) => ({ participantId: m.participantId, from: m.from, to: m.to })),
    stats: {
      repeatPairs: stats.repeatPairs,
      maxRepeat: stats.maxRepeat,
      maxSizeDiff: stats.maxSizeDiff,
      sizes: stats.sizes,
      stayed: [...stats.stayed],
      unseated: [...stats.unseated],
      hostlessTables: [...stats.hostlessTables],
      overCapacityTables: [...stats.overCapacityTables],
    },
  };
}

function hostedTable(state: CafeState, participantId: string): CafeTable | undefined {
  return state.tables.find((t) => t.hostId === participantId);
}

function countAt(state: CafeState, tableId: string): number {
  let n = 0;
  for (const seat of Object.values(state.seating)) if (seat.tableId === tableId) n++;
  return n;
}

/**
 * The World Café API, to mount at `/api` beside the events routes. Participants are read-only on
 * the control doc, so everything they may change about the café (saying they are here, moving
 * when movement is free, volunteering as host) goes through these checked routes; facilitators'
 * set-up, round, rotation and seating calls are written by the server too, so every change is
 * validated once and stored with its author.
 */
export function createCafeRoutes(deps: CafeRoutesDeps): Hono {
  const { eventStore, tokens, membership, sync, logger, config } = deps;
  const now = deps.now ?? Date.now;
  const service = new EventService({
    store: eventStore,
    tokens,
    membership,
    sync,
    logger,
    inviteLifetimeMs: config.inviteLifetimeMs,
    now,
  });
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
   * Runs `fn` on the event's live control doc as one change by `author` (read and write in one
   * synchronous step, so no other request interleaves); a `CafeError` becomes a 409/400.
   */
  const onControlDoc = async <T>(
    event: EventRecord,
    author: string,
    fn: (doc: Y.Doc) => T,
  ): Promise<T> => {
    let result: T | undefined;
    let failure: unknown = null;
    await sync.transact(event.controlDocName, author, (doc) => {
      try {
        result = fn(doc);
      } catch (error) {
        failure = error;
      }
    });
    if (failure !== null) throw cafeErrorToApi(failure);
    return result as T;
  };

  /**
   * The past rounds recorded in the event's server-only rounds doc (see `cafeRoundsDocName`).
   * Combine with the legacy `cafe.history` of an older control doc through `mergePastRounds`.
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
      // Tables of a café from before slots get theirs now, so their seats turn compact.
      assignTableSlots(doc);
      writeSettings(doc, {
        questions: body.questions,
        roundCount: body.rounds,
        roundLengthMs: body.roundMs,
      });
      return readCafe(doc).tables.length;
    });
    if (body.makeTables) {
      const { count, people } = body.makeTables;
      const capacity = Math.ceil(people / count);
      for (let i = existing; i < count; i++) {
        const question =
          body.questions.length === 0 ? null : (body.questions[i % body.questions.length] ?? null);
        const board = await service.createBoard(
          event,
          { kind: "table", title: `Table ${i + 1}`, question },
          author,
        );
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
    }
    const tables = await sync.read(event.controlDocName, (doc) => readCafe(doc).tables);
    logger.info("café set up", { eventId: event.id, tables: tables.length });
    return c.json({ tables: tables.map(tableToApi) });
  });

  app.post("/events/:eventId/cafe/tables", limitBody, async (c) => {
    const { caller, event } = await requireEventMember(c, member, "facilitator");
    const body = await parseJsonBody(c, CafeAddTableBodySchema);
    const author = caller.participant.id;
    const question = body.question === undefined || body.question === "" ? null : body.question;
    const hostId = body.hostId ?? null;
    if (hostId !== null) await requireSeatable(event, hostId);
    const board = await service.createBoard(
      event,
      { kind: "table", title: body.title, question },
      author,
    );
    const table = await onControlDoc(event, author, (doc) => {
      const state = readCafe(doc);
      if (hostId !== null && hostedTable(state, hostId)) {
        throw conflict("That person already hosts another table.");
      }
      const table: CafeTable = {
        id: board.id,
        name: board.title,
        question,
        hostId,
        boardId: board.id,
        docName: board.docName,
        capacity: body.capacity ?? null,
      };
      writeTable(doc, table);
      if (hostId !== null) seatHost(doc, state, hostId, table.id);
      return table;
    });
    return c.json({ table: tableToApi(table) }, 201);
  });

  /** Throws unless `participantId` is someone of the event who sits at tables. */
  const requireSeatable = async (event: EventRecord, participantId: string): Promise<void> => {
    const person = await membership.participant(participantId);
    if (!person || person.eventId !== event.id || person.removedAt !== null) {
      throw new ApiError(400, "invalid_request", "No such participant in this event.", {
        field: "participantId",
      });
    }
    if (person.role !== "participant") {
      throw new ApiError(400, "invalid_request", "Only participants sit at café tables.", {
        field: "participantId",
      });
    }
  };

  /** A host sits at their own table: seat them there (keeping their presence). */
  const seatHost = (doc: Y.Doc, state: CafeState, hostId: string, tableId: string): void => {
    writeSeat(doc, hostId, { tableId, presence: state.seating[hostId]?.presence ?? "in-room" });
  };

  app.patch("/events/:eventId/cafe/tables/:tableId", limitBody, async (c) => {
    const { caller, event } = await requireEventMember(c, member, "facilitator");
    const body = await parseJsonBody(c, CafeUpdateTableBodySchema);
    const tableId = c.req.param("tableId");
    if (body.hostId) await requireSeatable(event, body.hostId);
    const table = await onControlDoc(event, caller.participant.id, (doc) => {
      const state = readCafe(doc);
      const current = state.tables.find((t) => t.id === tableId);
      if (!current) throw notFound("No such table in this café.");
      const hostId = body.hostId === undefined ? current.hostId : body.hostId;
      if (hostId !== null && hostId !== current.hostId) {
        const other = hostedTable(state, hostId);
        if (other) throw conflict(`That person already hosts ${other.name}.`);
      }
      const next: CafeTable = {
        ...current,
        name: body.title ?? current.name,
        question:
          body.question === undefined
            ? current.question
            : body.question === ""
              ? null
              : body.question,
        hostId,
        capacity: body.capacity === undefined ? current.capacity : body.capacity,
      };
      writeTable(doc, next);
      if (hostId !== null && hostId !== current.hostId) seatHost(doc, state, hostId, tableId);
      return next;
    });
    return c.json({ table: tableToApi(table) });
  });

  app.post("/events/:eventId/cafe/tables/:tableId/volunteer", async (c) => {
    const { caller, event } = await requireEventMember(c, member, "participant");
    const tableId = c.req.param("tableId");
    const me = caller.participant.id;
    const table = await onControlDoc(event, me, (doc) => {
      const state = readCafe(doc);
      const current = state.tables.find((t) => t.id === tableId);
      if (!current) throw notFound("No such table in this café.");
      if (current.hostId === me) return current;
      if (current.hostId !== null) throw conflict("This table already has a host.");
      const other = hostedTable(state, me);
      if (other) throw conflict(`You already host ${other.name}.`);
      const next = { ...current, hostId: me };
      writeTable(doc, next);
      seatHost(doc, state, me, tableId);
      return next;
    });
    return c.json({ table: tableToApi(table) });
  });

  app.post("/events/:eventId/cafe/presence", limitBody, async (c) => {
    const { caller, event } = await requireEventMember(c, member, "participant");
    const body = await parseJsonBody(c, CafePresenceBodySchema);
    const me = caller.participant.id;
    const seat = await onControlDoc(event, me, (doc) => {
      const current = readCafe(doc).seating[me];
      if (current === undefined) {
        const joined = { tableId: null, presence: body.presence };
        writeSeat(doc, me, joined);
        return joined;
      }
      // Only `cafe.presence` changes: the seat is not rewritten (nor sent to everyone again).
      writePresence(doc, me, body.presence);
      return { tableId: current.tableId, presence: body.presence };
    });
    return c.json({ seat });
  });

  app.post("/events/:eventId/cafe/round", limitBody, async (c) => {
    const { caller, event } = await requireEventMember(c, member, "facilitator");
    const body = await parseJsonBody(c, CafeRoundBodySchema);
    const at = now();
    const round = await onControlDoc(event, caller.participant.id, (doc) => {
      const state = readCafe(doc);
      const before = state.round;
      let after: RoundState;
      switch (body.action) {
        case "start":
          after = startRound(before, {
            durationMs: body.durationMs ?? state.settings.roundLengthMs,
            now: at,
          });
          break;
        case "pause":
          after = pauseRound(before, at);
          break;
        case "resume":
          after = resumeRound(before, at);
          break;
        case "extend":
          after = extendRound(before, body.extendMs ?? CAFE_ROUTE_DEFAULTS.extendMs, at);
          break;
        case "end":
          after = endRound(before);
          break;
      }
      writeRound(doc, after);
      recordRoundTransition(doc, before, after, at);
      return after;
    });
    logger.info("café round", { eventId: event.id, action: body.action, round });
    return c.json({ round, serverNow: at });
  });

  app.post("/events/:eventId/cafe/rotation/plan", limitRotationBody, async (c) => {
    const { event } = await requireEventMember(c, member, "facilitator");
    const body = await parseJsonBody(c, CafePlanBodySchema);
    const recorded = await readRecordedRounds(event);
    const state = await sync.read(event.controlDocName, readCafe);
    const past = mergePastRounds(recorded, state.history);
    const seed = body.seed ?? randomInt(0, 0xffffffff);
    let plan: RotationPlan;
    try {
      plan = planRotation(rotationInputFromCafe(state, seed, past));
      for (const move of body.moves) plan = applyManualMove(plan, move.participantId, move.tableId);
    } catch (error) {
      throw cafeErrorToApi(error);
    }
    return c.json({ plan: planToApi(plan) });
  });

  app.post("/events/:eventId/cafe/rotation/apply", limitRotationBody, async (c) => {
    const { caller, event } = await requireEventMember(c, member, "facilitator");
    const body = await parseJsonBody(c, CafeApplyBodySchema);
    for (const id of Object.keys(body.base)) {
      if (!Object.hasOwn(body.seating, id)) {
        throw badRequest(
          `seating.${id}: everyone of the plan needs a seat (or null)`,
          `seating.${id}`,
        );
      }
    }
    const at = now();
    const author = caller.participant.id;
    const result = await onControlDoc(event, author, (doc) => {
      const state = readCafe(doc);
      for (const id of Object.keys(body.seating)) {
        if (!Object.hasOwn(state.seating, id)) {
          throw new ApiError(409, "conflict", `"${id}" is not in the café (any more): plan again.`);
        }
      }
      const tables = rotationInputFromCafe(state).tables;
      validateRotationInput(tables, body.seating);
      const moves: RotationMove[] = [];
      for (const id of Object.keys(body.seating).sort()) {
        const from = body.base[id] ?? state.seating[id]?.tableId ?? null;
        const to = body.seating[id] ?? null;
        if (from !== to) moves.push({ participantId: id, from, to });
      }
      // No pair statistics here: the plan request showed them, and this one answers only what
      // it did (they cost ~25 ms for 2,000 people, inside the rotation everyone waits for).
      const plan = { base: body.base, seating: body.seating, moves };
      const ended = applyRotation(doc, plan);
      let round = state.round;
      if (body.startRound) {
        if (round.phase === "running" || round.phase === "paused") {
          const ended = endRound(round);
          recordRoundTransition(doc, round, ended, at);
          round = ended;
        }
        const started = startRound(round, { durationMs: state.settings.roundLengthMs, now: at });
        writeRound(doc, started);
        recordRoundTransition(doc, round, started, at);
        round = started;
      }
      return {
        ended,
        round: round.phase === "not-started" ? 0 : round.round,
        moved: moves.length,
      };
    });
    // Recorded only now that the control doc accepted the rotation: a stale plan (refused above)
    // must not record a base that never was the room's seating. The two docs are not written
    // atomically: a crash (or a failed write) between them loses this round's pairing history
    // only, so the planner spreads people a little less later; seats are never affected. The
    // rotation is applied either way, so a failure here is logged, not answered as an error.
    try {
      await sync.transact(cafeRoundsDocName(event.id), author, (doc) => {
        recordPastRound(doc, result.ended);
      });
    } catch (error) {
      logger.error("café past round not recorded", {
        eventId: event.id,
        round: result.ended.round,
        error,
      });
    }
    const answer = { round: result.round, moved: result.moved };
    logger.info("café rotation applied", { eventId: event.id, ...answer });
    return c.json(answer);
  });

  app.post("/events/:eventId/cafe/seat", limitBody, async (c) => {
    const { caller, event } = await requireEventMember(c, member, "facilitator");
    const body = await parseJsonBody(c, CafeSeatBodySchema);
    await requireSeatable(event, body.participantId);
    const seat = await onControlDoc(event, caller.participant.id, (doc) => {
      const state = readCafe(doc);
      const hosted = hostedTable(state, body.participantId);
      if (hosted && hosted.id !== body.tableId) {
        throw conflict(
          `This person hosts ${hosted.name} and stays there; choose another host first.`,
        );
      }
      const seat = {
        tableId: body.tableId,
        presence: state.seating[body.participantId]?.presence ?? "in-room",
      } as const;
      writeSeat(doc, body.participantId, seat);
      return seat;
    });
    return c.json({ seat });
  });

  app.post("/events/:eventId/cafe/move", limitBody, async (c) => {
    const { caller, event } = await requireEventMember(c, member, "participant");
    const body = await parseJsonBody(c, CafeMoveBodySchema);
    const me = caller.participant.id;
    const seat = await onControlDoc(event, me, (doc) => {
      const state = readCafe(doc);
      if (!state.settings.freeMovement) {
        throw forbidden("The facilitator moves people between tables right now.");
      }
      const target = state.tables.find((t) => t.id === body.tableId);
      if (!target) {
        throw new ApiError(400, "invalid_request", "No such table in this café.", {
          field: "tableId",
        });
      }
      const hosted = hostedTable(state, me);
      if (hosted && hosted.id !== target.id) throw conflict(`You host ${hosted.name}: hosts stay.`);
      const current = state.seating[me];
      if (current?.tableId === target.id) return current;
      if (target.capacity !== null && countAt(state, target.id) >= target.capacity) {
        throw conflict(`${target.name} is full.`);
      }
      const seat = { tableId: target.id, presence: current?.presence ?? "remote" } as const;
      writeSeat(doc, me, seat);
      return seat;
    });
    return c.json({ seat });
  });

  app.put("/events/:eventId/cafe/movement", limitBody, async (c) => {
    const { caller, event } = await requireEventMember(c, member, "facilitator");
    const body = await parseJsonBody(c, CafeMovementBodySchema);
    await onControlDoc(event, caller.participant.id, (doc) =>
      writeSettings(doc, { freeMovement: body.free }),
    );
    return c.json({ free: body.free });
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

  return app;
}

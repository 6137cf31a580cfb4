import { z } from "zod";
import { FieldLimits } from "./fieldLimits";

/**
 * Bodies and answers of the World Café API (`/api/events/:eventId/cafe/…`). The café's live state
 * (tables, seating, round, timeline) is in the event's control doc, written only by the server;
 * these calls are how facilitators and participants change it.
 */
export const CafeLimits = {
  /** Café-wide questions. */
  maxQuestions: 10,
  /** Tables one café may have (200 tables seat 2,000 people). */
  maxTables: 500,
  /** People "make N tables for M people" may plan for. */
  maxPeople: 5_000,
  /** Rounds a café may plan. */
  maxRounds: 12,
  /** Shortest and longest round, ms. */
  minRoundMs: 1_000,
  maxRoundMs: 4 * 60 * 60 * 1_000,
  /** Hand moves sent with one plan request. */
  maxManualMoves: 5_000,
} as const;

const questionText = z.string().trim().min(1).max(FieldLimits.question);
const roundMs = z.int().min(CafeLimits.minRoundMs).max(CafeLimits.maxRoundMs);
const id = z.string().min(1).max(64);

/** `PUT /api/events/:eventId/cafe/setup` (facilitator). */
export const CafeSetupBodySchema = z.object({
  /** One question per round, in order (past the last one, the last one goes on). */
  questions: z.array(questionText).max(CafeLimits.maxQuestions).default([]),
  rounds: z.int().min(1).max(CafeLimits.maxRounds),
  /** Length of one round, ms. */
  roundMs,
  /** "Make N tables for M people": adds tables until there are `count`, each seating ⌈M/N⌉. */
  makeTables: z
    .object({
      count: z.int().min(1).max(CafeLimits.maxTables),
      people: z.int().min(1).max(CafeLimits.maxPeople),
    })
    .optional(),
});
export type CafeSetupBody = z.infer<typeof CafeSetupBodySchema>;

/** `POST /api/events/:eventId/cafe/tables` (facilitator): one more table. */
export const CafeAddTableBodySchema = z.object({
  title: z.string().trim().min(1).max(FieldLimits.title),
  question: z.string().trim().max(FieldLimits.question).optional(),
  hostId: id.nullable().optional(),
  capacity: z.int().min(1).max(CafeLimits.maxPeople).nullable().optional(),
});
export type CafeAddTableBody = z.infer<typeof CafeAddTableBodySchema>;

/** `PATCH /api/events/:eventId/cafe/tables/:tableId` (facilitator): change what is given. */
export const CafeUpdateTableBodySchema = z.object({
  title: z.string().trim().min(1).max(FieldLimits.title).optional(),
  question: z.string().trim().max(FieldLimits.question).optional(),
  /** The person who stays; null for none. */
  hostId: id.nullable().optional(),
  capacity: z.int().min(1).max(CafeLimits.maxPeople).nullable().optional(),
});
export type CafeUpdateTableBody = z.infer<typeof CafeUpdateTableBodySchema>;

export const CafeRoundActionSchema = z.enum(["start", "pause", "resume", "extend", "end"]);
export type CafeRoundAction = z.infer<typeof CafeRoundActionSchema>;

/** `POST /api/events/:eventId/cafe/round` (facilitator). */
export const CafeRoundBodySchema = z.object({
  action: CafeRoundActionSchema,
  /** For `extend`: how much longer, ms (default one minute); for `start`: this round's length. */
  extendMs: z.int().min(1_000).max(CafeLimits.maxRoundMs).optional(),
  durationMs: roundMs.optional(),
});
export type CafeRoundBody = z.infer<typeof CafeRoundBodySchema>;

const manualMove = z.object({ participantId: id, tableId: id.nullable() });

/** `POST /api/events/:eventId/cafe/rotation/plan` (facilitator): a proposal, not applied. */
export const CafePlanBodySchema = z.object({
  /** Same seed and same seating → same plan; a new one by default. */
  seed: z.int().min(0).max(0xffffffff).optional(),
  /** Hand moves on top of the proposal, in order (drag and drop in the preview). */
  moves: z.array(manualMove).max(CafeLimits.maxManualMoves).default([]),
});
export type CafePlanBody = z.infer<typeof CafePlanBodySchema>;

const SeatingSchema = z.record(z.string(), z.string().nullable());

/** `POST /api/events/:eventId/cafe/rotation/apply` (facilitator). */
export const CafeApplyBodySchema = z.object({
  /** The seating the plan was made from; a 409 when the café has moved on since. */
  base: SeatingSchema,
  /** Everyone's next table (null: not seated). */
  seating: SeatingSchema,
  /** Start the next round at once (default true). */
  startRound: z.boolean().default(true),
});
export type CafeApplyBody = z.infer<typeof CafeApplyBodySchema>;

/** `POST /api/events/:eventId/cafe/seat` (facilitator): put one person at a table now. */
export const CafeSeatBodySchema = manualMove;
export type CafeSeatBody = z.infer<typeof CafeSeatBodySchema>;

/**
 * `POST /api/events/:eventId/cafe/reseat` (facilitator): move anyone to a table (`null`: no
 * table), hosts too (they stop hosting the table they leave); a full table refuses.
 */
export const CafeReseatBodySchema = manualMove;
export type CafeReseatBody = z.infer<typeof CafeReseatBodySchema>;

/** `POST /api/events/:eventId/cafe/remove` (facilitator): take someone out of the café. */
export const CafeRemoveBodySchema = z.object({ participantId: id });
export type CafeRemoveBody = z.infer<typeof CafeRemoveBodySchema>;

/** `POST /api/events/:eventId/cafe/move` (participant, when free movement is on). */
export const CafeMoveBodySchema = z.object({ tableId: id });
export type CafeMoveBody = z.infer<typeof CafeMoveBodySchema>;

/** `POST /api/events/:eventId/cafe/presence` (participant): "I'm here", in the room or remote. */
export const CafePresenceBodySchema = z.object({ presence: z.enum(["in-room", "remote"]) });
export type CafePresenceBody = z.infer<typeof CafePresenceBodySchema>;

/** `PUT /api/events/:eventId/cafe/movement` (facilitator). */
export const CafeMovementBodySchema = z.object({ free: z.boolean() });
export type CafeMovementBody = z.infer<typeof CafeMovementBodySchema>;

/**
 * `PUT /api/events/:eventId/cafe/round-end` (facilitator): at a round's 0:00 the server rotates
 * by itself (`rotate`) or pages only say it is time to move on (`prompt`, the default).
 */
export const CafeRoundEndBodySchema = z.object({ choice: z.enum(["rotate", "prompt"]) });
export type CafeRoundEndBody = z.infer<typeof CafeRoundEndBodySchema>;

/** `GET /api/time`: the server's clock, for the countdown every page shows alike. */
export const ServerTimeResponseSchema = z.object({ now: z.number() });
export type ServerTimeResponse = z.infer<typeof ServerTimeResponseSchema>;

/** A café table as the API returns it. */
export const CafeTableSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** The question the table shows now: its own, else the current round's ("" for none). */
  question: z.string(),
  /** The table's own question, overriding the round's in every round; null for none. */
  ownQuestion: z.string().nullable(),
  hostId: z.string().nullable(),
  capacity: z.number().nullable(),
  docName: z.string(),
});
export type CafeTable = z.infer<typeof CafeTableSchema>;

export const CafeTablesResponseSchema = z.object({ tables: z.array(CafeTableSchema) });
export type CafeTablesResponse = z.infer<typeof CafeTablesResponseSchema>;

export const CafeTableResponseSchema = z.object({ table: CafeTableSchema });
export type CafeTableResponse = z.infer<typeof CafeTableResponseSchema>;

/** A rotation proposal, JSON-safe. */
export const CafePlanSchema = z.object({
  seed: z.number(),
  base: SeatingSchema,
  seating: SeatingSchema,
  moves: z.array(
    z.object({
      participantId: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
    }),
  ),
  stats: z.object({
    repeatPairs: z.number(),
    maxRepeat: z.number(),
    maxSizeDiff: z.number(),
    sizes: z.record(z.string(), z.number()),
    stayed: z.array(z.string()),
    unseated: z.array(z.string()),
    hostlessTables: z.array(z.string()),
    overCapacityTables: z.array(z.string()),
  }),
});
export type CafePlan = z.infer<typeof CafePlanSchema>;

export const CafePlanResponseSchema = z.object({ plan: CafePlanSchema });
export type CafePlanResponse = z.infer<typeof CafePlanResponseSchema>;

/** `POST …/rotation/apply` → 200. */
export const CafeApplyResponseSchema = z.object({
  /** The round the new seating is for. */
  round: z.number(),
  /** People whose table changed. */
  moved: z.number(),
});
export type CafeApplyResponse = z.infer<typeof CafeApplyResponseSchema>;

/** `POST …/cafe/harvest` → 200: the harvest board (made on first call). */
export const CafeHarvestResponseSchema = z.object({
  boardId: z.string(),
  docName: z.string(),
});
export type CafeHarvestResponse = z.infer<typeof CafeHarvestResponseSchema>;

import { z } from "zod";
import { FieldLimits } from "./fieldLimits";

/**
 * Bodies and answers of the Open Space API (`/api/events/:eventId/open-space…`). The live state
 * (grid, sessions, schedules, who is where, reports) is in the event's control doc, written only
 * by the server; these calls are how people change it. The rules and their limits live in
 * `@tablecloth/open-space`; the numbers below repeat them for the request schemas.
 */
export const OpenSpaceLimits = {
  /** Spaces (columns) one Open Space may have: 5 per 100 people, 2,000 people → 100. */
  maxSpaces: 200,
  /** Time slots (rows). */
  maxSlots: 24,
  /** A space name or slot label. */
  maxName: 120,
  /** A session description. */
  maxDescription: 2_000,
  /** Each field of a report. */
  maxReportField: 10_000,
  /** The largest capacity a session may set. */
  maxCapacity: 5_000,
} as const;

const id = z.string().min(1).max(64);
const name = z.string().trim().min(1).max(OpenSpaceLimits.maxName);
const epochMs = z.int().min(0).max(8_640_000_000_000_000);
const capacity = z.int().min(1).max(OpenSpaceLimits.maxCapacity).nullable();

export const OpenSpacePhaseSchema = z.enum(["opening", "marketplace", "sessions", "closing"]);
export type OpenSpacePhase = z.infer<typeof OpenSpacePhaseSchema>;

export const OpenSpaceSpaceSchema = z.object({ id, name: z.string() });
export type OpenSpaceSpace = z.infer<typeof OpenSpaceSpaceSchema>;

export const OpenSpaceSlotSchema = z.object({
  id,
  label: z.string(),
  startsAt: epochMs.nullable(),
  endsAt: epochMs.nullable(),
});
export type OpenSpaceSlot = z.infer<typeof OpenSpaceSlotSchema>;

/** `PUT /api/events/:eventId/open-space/grid` (facilitator): the whole grid, in order. */
export const OpenSpaceGridBodySchema = z.object({
  spaces: z.array(z.object({ id: id.optional(), name })).max(OpenSpaceLimits.maxSpaces),
  slots: z
    .array(
      z.object({
        id: id.optional(),
        label: name,
        startsAt: epochMs.nullable().optional(),
        endsAt: epochMs.nullable().optional(),
      }),
    )
    .max(OpenSpaceLimits.maxSlots),
});
export type OpenSpaceGridBody = z.infer<typeof OpenSpaceGridBodySchema>;

export const OpenSpaceGridResponseSchema = z.object({
  spaces: z.array(OpenSpaceSpaceSchema),
  slots: z.array(OpenSpaceSlotSchema),
});
export type OpenSpaceGridResponse = z.infer<typeof OpenSpaceGridResponseSchema>;

/** `POST /api/events/:eventId/open-space/sessions` (members but observers): post a topic. */
export const OpenSpacePostBodySchema = z.object({
  title: z.string().trim().min(1).max(FieldLimits.title),
  spaceId: id,
  slotId: id,
  description: z.string().trim().max(OpenSpaceLimits.maxDescription).optional(),
  capacity: capacity.optional(),
});
export type OpenSpacePostBody = z.infer<typeof OpenSpacePostBodySchema>;

/** `PATCH /api/events/:eventId/open-space/sessions/:sessionId` (its conveners, facilitators). */
export const OpenSpaceUpdateSessionBodySchema = z.object({
  title: z.string().trim().min(1).max(FieldLimits.title).optional(),
  description: z.string().trim().max(OpenSpaceLimits.maxDescription).optional(),
  capacity: capacity.optional(),
  /** Move to this cell (both or neither). */
  spaceId: id.optional(),
  slotId: id.optional(),
});
export type OpenSpaceUpdateSessionBody = z.infer<typeof OpenSpaceUpdateSessionBodySchema>;

/** `POST …/open-space/sessions/:sessionId/merge` (facilitator): merge `from` into this one. */
export const OpenSpaceMergeBodySchema = z.object({ from: id });
export type OpenSpaceMergeBody = z.infer<typeof OpenSpaceMergeBodySchema>;

/** `PUT …/open-space/where` (members but observers): the law of two feet; null for no session. */
export const OpenSpaceWhereBodySchema = z.object({ sessionId: id.nullable() });
export type OpenSpaceWhereBody = z.infer<typeof OpenSpaceWhereBodySchema>;

/** `PUT …/open-space/sessions/:sessionId/report` (conveners, note takers, facilitators). */
export const OpenSpaceReportBodySchema = z.object({
  summary: z.string().trim().min(1).max(OpenSpaceLimits.maxReportField),
  keyPoints: z.string().trim().max(OpenSpaceLimits.maxReportField).optional(),
  nextSteps: z.string().trim().max(OpenSpaceLimits.maxReportField).optional(),
});
export type OpenSpaceReportBody = z.infer<typeof OpenSpaceReportBodySchema>;

/** `POST …/open-space/queue`: a convener joins or leaves; a facilitator calls `next`. */
export const OpenSpaceQueueBodySchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("join"), sessionId: id }),
  z.object({ action: z.literal("leave"), sessionId: id }),
  z.object({ action: z.literal("next") }),
]);
export type OpenSpaceQueueBody = z.infer<typeof OpenSpaceQueueBodySchema>;

/** `PUT …/open-space/phase` (facilitator). */
export const OpenSpacePhaseBodySchema = z.object({ phase: OpenSpacePhaseSchema });
export type OpenSpacePhaseBody = z.infer<typeof OpenSpacePhaseBodySchema>;

export const OpenSpaceCellSchema = z.object({ spaceId: id, slotId: id });
export type OpenSpaceCell = z.infer<typeof OpenSpaceCellSchema>;

export const OpenSpaceSessionSchema = z.object({
  id,
  title: z.string(),
  description: z.string(),
  /** The one who posted it (the first convener). */
  convenerId: id,
  convenerName: z.string(),
  /** Every convener (a merge adds the other session's). */
  conveners: z.array(z.object({ id, name: z.string() })),
  spaceId: id,
  slotId: id,
  boardId: id.nullable(),
  docName: z.string().nullable(),
  capacity: z.int().nullable(),
  signUps: z.int(),
  full: z.boolean(),
  /** Sessions merged into this one. */
  merged: z.array(
    z.object({ id, title: z.string(), boardId: id.nullable(), docName: z.string().nullable() }),
  ),
  hasReport: z.boolean(),
});
export type OpenSpaceSession = z.infer<typeof OpenSpaceSessionSchema>;

export const OpenSpaceSessionResponseSchema = z.object({ session: OpenSpaceSessionSchema });
export type OpenSpaceSessionResponse = z.infer<typeof OpenSpaceSessionResponseSchema>;

/** `GET /api/events/:eventId/open-space` (member). */
export const OpenSpaceStateResponseSchema = z.object({
  phase: OpenSpacePhaseSchema,
  spaces: z.array(OpenSpaceSpaceSchema),
  slots: z.array(OpenSpaceSlotSchema),
  sessions: z.array(OpenSpaceSessionSchema),
  queue: z.object({ speaking: id.nullable(), waiting: z.array(id) }),
  closingBoard: z.object({ boardId: id, docName: z.string() }).nullable(),
  /** The caller's own schedule (session ids in wall order) and where they are now. */
  mySchedule: z.array(id),
  myWhereabouts: id.nullable(),
});
export type OpenSpaceStateResponse = z.infer<typeof OpenSpaceStateResponseSchema>;

/** The 409 of a post into a taken cell: `{error: {code: "cell_taken", message, freeCells}}`. */
export const OpenSpaceCellTakenResponseSchema = z.object({
  error: z.object({
    code: z.literal("cell_taken"),
    message: z.string(),
    /** The nearest free cells, best first (possibly none). */
    freeCells: z.array(OpenSpaceCellSchema),
  }),
});
export type OpenSpaceCellTakenResponse = z.infer<typeof OpenSpaceCellTakenResponseSchema>;

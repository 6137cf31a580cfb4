import { z } from "zod";

/**
 * Facilitator controls (`/api/events/:eventId/controls/…`): a broadcast message to every page of
 * the event, and a summon that brings people to a board (and, if asked, to the facilitator's
 * viewport, locked there until released). Both live in the event's control doc under the root
 * map `ControlDocKeys.controls`, written only by the server through these routes; every page
 * already follows the control doc read-only and reacts. The rules are `@tablecloth/controls`'s.
 */
export const ControlsLimits = {
  /** Most characters of a broadcast message, after trimming (a banner, not a letter). */
  broadcastChars: 280,
  /** Most people one summon names (a table's people; "everyone" names nobody). */
  summonPeople: 200,
  /**
   * Most anonymous stretches an event remembers (each on/off of anonymous mode is one); past it
   * the oldest two merge, so a stretch is only ever widened, never lost.
   */
  anonymousSpans: 200,
} as const;

const id = z.string().min(1).max(64);

/** `POST …/controls/broadcast` (facilitator): a short message to every page, with a chime. */
export const BroadcastBodySchema = z.object({
  text: z.string().max(ControlsLimits.broadcastChars * 4),
  /** Play a short chime where the page may play sound. */
  chime: z.boolean().optional(),
});
export type BroadcastBody = z.infer<typeof BroadcastBodySchema>;

/** The broadcast on every page: the newest replaces older ones. */
export const BroadcastSchema = z.object({
  /** New for every message, so a page tells a new message from the one it dismissed. */
  id: z.string(),
  text: z.string(),
  chime: z.boolean(),
  /** Server time (epoch ms). */
  sentAt: z.number(),
  fromId: z.string(),
  fromName: z.string(),
});
export type Broadcast = z.infer<typeof BroadcastSchema>;

/**
 * How a summon holds people:
 * - `bring`: everyone's page opens the board ("bring everyone to a table or the plenary");
 * - `follow`: opens the board and follows the facilitator's viewport; panning leaves;
 * - `control`: the same, but viewports stay locked to the facilitator's until released.
 */
export const SummonModeSchema = z.enum(["bring", "follow", "control"]);
export type SummonMode = z.infer<typeof SummonModeSchema>;

/** `POST …/controls/summon` (facilitator): to `boardId`, everyone or one café table's people. */
export const SummonBodySchema = z.object({
  boardId: id,
  mode: SummonModeSchema,
  /** A café table: only the people seated there now; absent or null for everyone. */
  tableId: id.nullable().optional(),
});
export type SummonBody = z.infer<typeof SummonBodySchema>;

/** Who a summon is for. */
export const SummonAudienceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("everyone") }),
  z.object({ kind: z.literal("people"), participantIds: z.array(z.string()) }),
]);
export type SummonAudience = z.infer<typeof SummonAudienceSchema>;

/** The summon in force, until a facilitator releases it. */
export const SummonSchema = z.object({
  id: z.string(),
  boardId: z.string(),
  mode: SummonModeSchema,
  audience: SummonAudienceSchema,
  /** Whose viewport people follow (the facilitator who summoned). */
  leaderId: z.string(),
  leaderName: z.string(),
  sentAt: z.number(),
});
export type Summon = z.infer<typeof SummonSchema>;

/** What every controls route answers: the controls in force now. */
export const ControlsResponseSchema = z.object({
  broadcast: BroadcastSchema.nullable(),
  summon: SummonSchema.nullable(),
});
export type ControlsResponse = z.infer<typeof ControlsResponseSchema>;

/**
 * What participants may do on the event's boards now: draw (`open`) or only look
 * (`view-only`, e.g. during the harvest or the closing). Facilitators always draw; observers
 * never do. In the control doc's `controls` map too; the server enforces it on every update.
 */
export const BoardsPhaseSchema = z.enum(["open", "view-only"]);
export type BoardsPhase = z.infer<typeof BoardsPhaseSchema>;

/** `PUT …/controls/boards` (facilitator) and what `GET`/`PUT …/controls/boards` answer. */
export const BoardsPhaseBodySchema = z.object({ phase: BoardsPhaseSchema });
export type BoardsPhaseBody = z.infer<typeof BoardsPhaseBodySchema>;

/**
 * Anonymous mode: while on, the server names nobody to anybody (facilitators included): presence,
 * the control doc and every answer carry a neutral label instead of people's names, and history
 * and export answers are anonymous whatever their query says. In the control doc's `controls` map.
 */
export const AnonymousBodySchema = z.object({ anonymous: z.boolean() });
export type AnonymousBody = z.infer<typeof AnonymousBodySchema>;

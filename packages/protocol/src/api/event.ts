import { z } from "zod";
import { BoardSchema } from "./board";
import { DisplayNameSchema } from "./displayName";
import { EventFormatSchema } from "./eventFormat";
import { FieldLimits } from "./fieldLimits";
import { ParticipantSchema } from "./participant";

/** An event as the API returns it. */
export const EventSchema = z.object({
  id: z.string(),
  title: z.string(),
  purpose: z.string(),
  format: EventFormatSchema,
  /** Join code, uppercase, `JOIN_CODE_LENGTH` characters. */
  joinCode: z.string(),
  /** False once a facilitator closed the join code: nobody new may join until it is rotated. */
  joinOpen: z.boolean(),
  /** Path of the join link (`/j/<code>`), relative to the server's origin. */
  joinPath: z.string(),
  /** Name of the event's control doc (structure and live state). */
  controlDocName: z.string(),
  /** Epoch milliseconds. */
  createdAt: z.number(),
});
export type Event = z.infer<typeof EventSchema>;

/** `POST /api/events` body. */
export const CreateEventBodySchema = z.object({
  title: z.string().trim().min(1).max(FieldLimits.title),
  format: EventFormatSchema,
  purpose: z.string().trim().max(FieldLimits.purpose).optional(),
  /** Display name of the facilitator who creates it; "Facilitator" when absent. */
  facilitatorName: DisplayNameSchema.optional(),
});
export type CreateEventBody = z.infer<typeof CreateEventBodySchema>;

/** `POST /api/events` → 201. */
export const CreateEventResponseSchema = z.object({
  event: EventSchema,
  controlDocName: z.string(),
  participant: ParticipantSchema,
  facilitatorToken: z.string(),
  /** When the token expires, epoch milliseconds. */
  expiresAt: z.number(),
});
export type CreateEventResponse = z.infer<typeof CreateEventResponseSchema>;

/** `GET /api/events/:eventId` → 200. */
export const EventDetailsResponseSchema = z.object({
  event: EventSchema,
  controlDocName: z.string(),
  boards: z.array(BoardSchema),
});
export type EventDetailsResponse = z.infer<typeof EventDetailsResponseSchema>;

/** `PATCH /api/events/:eventId` body (facilitator): a new title and/or purpose. */
export const UpdateEventBodySchema = z
  .object({
    title: z.string().trim().min(1).max(FieldLimits.title).optional(),
    purpose: z.string().trim().max(FieldLimits.purpose).optional(),
  })
  .refine((b) => b.title !== undefined || b.purpose !== undefined, {
    message: "give a title or a purpose",
  });
export type UpdateEventBody = z.infer<typeof UpdateEventBodySchema>;

/** `PATCH /api/events/:eventId` → 200. */
export const EventResponseSchema = z.object({ event: EventSchema });
export type EventResponse = z.infer<typeof EventResponseSchema>;

import { z } from "zod";
import { DisplayNameSchema } from "./displayName";
import { RoleSchema } from "./roles";

/** A person in an event as the API returns them. */
export const ParticipantSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
  /** Epoch milliseconds. */
  joinedAt: z.number(),
});
export type Participant = z.infer<typeof ParticipantSchema>;

/** `GET /api/events/:eventId/participants` → 200 (removed people are not listed). */
export const ParticipantListResponseSchema = z.object({
  participants: z.array(ParticipantSchema),
});
export type ParticipantListResponse = z.infer<typeof ParticipantListResponseSchema>;

/** `PATCH /api/events/:eventId/participants/:participantId` body. */
export const RenameParticipantBodySchema = z.object({
  name: DisplayNameSchema,
});
export type RenameParticipantBody = z.infer<typeof RenameParticipantBodySchema>;

/** `PATCH …/participants/:participantId` → 200 and `DELETE` → 200. */
export const ParticipantResponseSchema = z.object({ participant: ParticipantSchema });
export type ParticipantResponse = z.infer<typeof ParticipantResponseSchema>;

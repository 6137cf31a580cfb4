import { z } from "zod";
import { ParticipantSchema } from "./participant";

/** `GET /api/me` → 200: who the bearer token belongs to. */
export const MeResponseSchema = z.object({
  eventId: z.string(),
  participant: ParticipantSchema,
  /** When the token expires, epoch milliseconds. */
  expiresAt: z.number(),
});
export type MeResponse = z.infer<typeof MeResponseSchema>;

import { z } from "zod";
import { DisplayNameSchema } from "./displayName";
import { JoinCodeInputSchema } from "./joinCode";
import { ParticipantSchema } from "./participant";
import { JoinRoleSchema } from "./roles";

/**
 * `POST /api/join` body. `code` is an event's join code (role `participant`, or `observer` when
 * asked) or a co-facilitator invite code (role `facilitator`; `role` is then ignored).
 */
export const JoinBodySchema = z.object({
  code: JoinCodeInputSchema,
  name: DisplayNameSchema,
  role: JoinRoleSchema.optional(),
});
export type JoinBody = z.input<typeof JoinBodySchema>;

/** `POST /api/join` → 201. */
export const JoinResponseSchema = z.object({
  eventId: z.string(),
  participant: ParticipantSchema,
  token: z.string(),
  /** When the token expires, epoch milliseconds. */
  expiresAt: z.number(),
});
export type JoinResponse = z.infer<typeof JoinResponseSchema>;

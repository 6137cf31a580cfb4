import { z } from "zod";

/**
 * `POST /api/events/:eventId/cofacilitator-invite` → 201 (facilitator). The code is single-use;
 * joining with it (`POST /api/join`) makes the joiner a facilitator.
 */
export const CofacilitatorInviteResponseSchema = z.object({
  code: z.string(),
  /** `/j/<code>`, relative to the server's origin. */
  joinPath: z.string(),
  /** Absolute join link. */
  joinUrl: z.string(),
  /** Epoch milliseconds after which the code no longer works. */
  expiresAt: z.number(),
});
export type CofacilitatorInviteResponse = z.infer<typeof CofacilitatorInviteResponseSchema>;

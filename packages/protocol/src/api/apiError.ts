import { z } from "zod";

/** Machine-readable error codes the API answers with. */
export const ApiErrorCodeSchema = z.enum([
  /** The body is not JSON, or fails its schema; `field` names the first wrong field. */
  "invalid_request",
  /** No token, or a missing, malformed, tampered or expired one (401). */
  "unauthenticated",
  /** A valid token that may not do this: another event, wrong role, removed participant (403). */
  "forbidden",
  /** No such event, participant, join code or route (404). */
  "not_found",
  /** The request conflicts with the current state (409). */
  "conflict",
  /** Too many requests from this address; see `Retry-After` (429). */
  "rate_limited",
  /** The server failed (500). */
  "internal",
]);
export type ApiErrorCode = z.infer<typeof ApiErrorCodeSchema>;

/**
 * Every error response of the events API: `{error: {code, message, field?}}`. Other routes may
 * answer other codes in the same shape (`too_large` for a 413, the transport's `doc_not_found`,
 * …); a client that cannot parse the code should fall back on the HTTP status.
 */
export const ApiErrorResponseSchema = z.object({
  error: z.object({
    code: ApiErrorCodeSchema,
    message: z.string(),
    /** Dotted path of the offending body field, for `invalid_request`. */
    field: z.string().optional(),
  }),
});
export type ApiErrorResponse = z.infer<typeof ApiErrorResponseSchema>;

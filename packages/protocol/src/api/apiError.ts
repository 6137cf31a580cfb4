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
  /** The event's join code was closed by a facilitator (403). */
  "join_closed",
  /** The event has as many participants as it may have (403). */
  "event_full",
  /** No such doc (404 on the history endpoints). */
  "doc_not_found",
  /** Wrong method on a known route (405). */
  "method_not_allowed",
  /** The request conflicts with the current state (409). */
  "conflict",
  /** An Open Space cell already holds a session (409); the body names free cells. */
  "cell_taken",
  /** A café table has as many people as its capacity (409); the message names the table. */
  "table_full",
  /** The café has held all its rounds: raise the round count to start another (409). */
  "rounds_over",
  /** The body or upload is over a named limit (413). */
  "too_large",
  /** An upload would take its event or participant over their upload quota (413). */
  "quota_exceeded",
  /** An upload of a type the server does not accept (415). */
  "unsupported_media_type",
  /** `/sync/*` asked for over plain HTTP (426). */
  "upgrade_required",
  /** Too many requests from this address or participant; see `Retry-After` (429). */
  "rate_limited",
  /** The server failed (500). */
  "internal",
  /** The server cannot serve right now: shutting down, store unreachable, client not built (503). */
  "unavailable",
]);
export type ApiErrorCode = z.infer<typeof ApiErrorCodeSchema>;

/**
 * Every error response of the HTTP API: `{error: {code, message, field?}}`, with one of the codes
 * above (the server's `httpError` maps statuses to the same names).
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

import type { ApiErrorCode } from "@tablecloth/protocol";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export interface ApiErrorDetails {
  /** The body field that is wrong, for a 400. */
  field?: string;
  /** Seconds to wait, sent as `Retry-After` (429). */
  retryAfterSeconds?: number;
}

/**
 * The server's one HTTP error: a status, a machine-readable `code` (`ApiErrorCode`, shared with the
 * client) and a message, answered as `{error: {code, message, field?}}` by `apiErrorHandler`, the
 * one `onError` of the app and of every sub-app. Throw it from any route or middleware.
 */
export class ApiError extends HTTPException {
  readonly code: ApiErrorCode;
  readonly details: ApiErrorDetails;

  constructor(
    status: ContentfulStatusCode,
    code: ApiErrorCode,
    message: string,
    details: ApiErrorDetails = {},
  ) {
    super(status, { message, cause: { code } });
    this.code = code;
    this.details = details;
  }
}

export const badRequest = (message: string, field?: string) =>
  new ApiError(400, "invalid_request", message, field === undefined ? {} : { field });
export const unauthenticated = (message: string) => new ApiError(401, "unauthenticated", message);
export const forbidden = (message: string) => new ApiError(403, "forbidden", message);
export const notFound = (message: string) => new ApiError(404, "not_found", message);
export const conflict = (message: string) => new ApiError(409, "conflict", message);
export const tooLarge = (message: string) => new ApiError(413, "too_large", message);
export const rateLimited = (retryAfterMs: number) => {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new ApiError(429, "rate_limited", `Too many requests; retry in ${retryAfterSeconds} s.`, {
    retryAfterSeconds,
  });
};

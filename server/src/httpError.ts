import { type ApiErrorCode, CloseCode } from "@tablecloth/protocol";
import type { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ApiError } from "./api/ApiError";

/** Stable machine-readable codes for common statuses, for `HTTPException`s thrown without one. */
const codeForStatus: Readonly<Partial<Record<number, ApiErrorCode>>> = {
  400: "invalid_request",
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "too_large",
  415: "unsupported_media_type",
  426: "upgrade_required",
  429: "rate_limited",
  500: "internal",
  503: "unavailable",
};

/** The JSON body of every error the HTTP API answers: `{error: {code, message, field?}}`. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

/**
 * An `ApiError` (the server's one HTTP error type); the app's single `onError` renders it as
 * `{error: {code, message}}`. Throw it from any route (also from routes plugged in at `/api`).
 */
export function httpError(
  status: ContentfulStatusCode,
  code: ApiErrorCode,
  message: string,
): ApiError {
  return new ApiError(status, code, message);
}

/** The `ErrorBody` for any `HTTPException` (its code, or one derived from its status). */
export function errorBodyOf(error: HTTPException): ErrorBody {
  if (error instanceof ApiError) {
    const { field } = error.details;
    return { error: { code: error.code, message: error.message, ...(field ? { field } : {}) } };
  }
  const cause: unknown = error.cause;
  const code =
    typeof cause === "object" && cause !== null && "code" in cause && typeof cause.code === "string"
      ? cause.code
      : (codeForStatus[error.status] ?? (error.status >= 500 ? "internal" : "invalid_request"));
  return { error: { code, message: error.message || code } };
}

/** The close codes a `DocAccess` refusal may carry. */
export type AccessCloseCode =
  | typeof CloseCode.Unauthenticated
  | typeof CloseCode.Forbidden
  | typeof CloseCode.DocNotFound
  | typeof CloseCode.RateLimited;

/**
 * The one table from a socket's close code to the HTTP answer of the same refusal, so a history
 * read and a sync upgrade refused for the same reason say the same thing.
 */
export const httpErrorForCloseCode: Readonly<
  Record<AccessCloseCode, { status: ContentfulStatusCode; code: ApiErrorCode; message: string }>
> = {
  [CloseCode.Unauthenticated]: {
    status: 401,
    code: "unauthenticated",
    message: "A valid bearer token is required.",
  },
  [CloseCode.Forbidden]: {
    status: 403,
    code: "forbidden",
    message: "This token may not read this doc.",
  },
  [CloseCode.DocNotFound]: { status: 404, code: "doc_not_found", message: "No such doc." },
  [CloseCode.RateLimited]: {
    status: 429,
    code: "rate_limited",
    message: "Too many requests for this participant.",
  },
};

/** The `ApiError` answering an access refusal with `code`. */
export function accessError(code: AccessCloseCode): ApiError {
  const { status, code: apiCode, message } = httpErrorForCloseCode[code];
  return new ApiError(status, apiCode, message);
}

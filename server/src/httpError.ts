import type { ApiErrorCode } from "@tablecloth/protocol";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Stable machine-readable codes for common statuses, used when a thrower gives none. */
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

/** The JSON body of every error the HTTP API answers: `{error: {code, message}}`. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/**
 * An `HTTPException` carrying a machine-readable code; the app's single `onError` renders it as
 * `{error: {code, message}}`. Throw it from any route (also from routes plugged in at `/api`).
 */
export function httpError(
  status: ContentfulStatusCode,
  code: ApiErrorCode,
  message: string,
): HTTPException {
  return new HTTPException(status, { message, cause: { code } });
}

/** The `ErrorBody` for an `HTTPException` (its code, or one derived from its status). */
export function errorBodyOf(error: HTTPException): ErrorBody {
  const cause: unknown = error.cause;
  const code =
    typeof cause === "object" && cause !== null && "code" in cause && typeof cause.code === "string"
      ? cause.code
      : (codeForStatus[error.status] ?? (error.status >= 500 ? "internal" : "invalid_request"));
  return { error: { code, message: error.message || code } };
}

import type { Logger } from "@tablecloth/sync";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { errorBodyOf } from "../httpError";
import { ApiError } from "./ApiError";

/**
 * The API's one `onError`: `{error: {code, message, field?}}` with the right status, `Retry-After`
 * on 429; anything unexpected is logged (never with request headers) and answered 500.
 */
export function apiErrorHandler(logger: Logger) {
  return (error: Error, c: Context): Response => {
    if (error instanceof ApiError) {
      const { field, retryAfterSeconds } = error.details;
      if (retryAfterSeconds !== undefined) c.header("Retry-After", String(retryAfterSeconds));
      return c.json(
        { error: { code: error.code, message: error.message, ...(field ? { field } : {}) } },
        error.status,
      );
    }
    if (error instanceof HTTPException) {
      if (error.status >= 500) logger.error("request failed", { path: c.req.path, error });
      return c.json(errorBodyOf(error), error.status);
    }
    logger.error("unhandled request error", { method: c.req.method, path: c.req.path, error });
    return c.json({ error: { code: "internal", message: "Internal server error" } }, 500);
  };
}

import type { Logger } from "@tablecloth/sync";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { errorBodyOf } from "../httpError";
import { ApiError } from "./ApiError";

/**
 * The server's one `onError` (the app's, and that of any sub-app that is also served alone):
 * `{error: {code, message, field?}}` with the right status, `Retry-After` on 429; a response an
 * `HTTPException` carries is sent as it is; anything unexpected is logged (never with request
 * headers) and answered 500.
 */
export function apiErrorHandler(logger: Logger) {
  return (error: Error, c: Context): Response => {
    if (error instanceof ApiError) {
      const { retryAfterSeconds } = error.details;
      if (retryAfterSeconds !== undefined) c.header("Retry-After", String(retryAfterSeconds));
      if (error.status >= 500) logger.error("request failed", { path: c.req.path, error });
      return c.json(errorBodyOf(error), error.status);
    }
    if (error instanceof HTTPException) {
      if (error.res) return error.getResponse();
      if (error.status >= 500) logger.error("request failed", { path: c.req.path, error });
      return c.json(errorBodyOf(error), error.status);
    }
    logger.error("unhandled request error", { method: c.req.method, path: c.req.path, error });
    return c.json({ error: { code: "internal", message: "Internal server error" } }, 500);
  };
}

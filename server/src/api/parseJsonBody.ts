import type { Context } from "hono";
import type { z } from "zod";
import { ApiError, badRequest } from "./ApiError";
import { readLimitedBody } from "./limitJsonBody";

/** Dotted path of a zod issue (`participants.0.name`); `body` for the body itself. */
function fieldOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "body" : path.map(String).join(".");
}

/**
 * The request's JSON body checked against `schema`; a 400 naming the first wrong field otherwise.
 * The size limit is `limitJsonBody`'s, run ahead of the route (read once, up to it), or Hono's
 * `bodyLimit` (see `createApiRoutes`).
 */
export async function parseJsonBody<S extends z.ZodType>(
  c: Context,
  schema: S,
): Promise<z.output<S>> {
  let raw: unknown;
  try {
    const text = await readLimitedBody(c);
    raw = text === null ? await c.req.json() : JSON.parse(text);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw badRequest("The body must be JSON.", "body");
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = fieldOf(issue?.path ?? []);
  throw badRequest(`${field}: ${issue?.message ?? "invalid"}`, field);
}

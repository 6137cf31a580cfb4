import { ApiErrorResponseSchema } from "@tablecloth/protocol";
import type { z } from "zod";
import { ApiError } from "./ApiError";

export interface ApiRequestOptions<T> {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  token?: string | null;
  /** The schema the answer must match; a mismatch is an error, never a silent cast. */
  schema: z.ZodType<T>;
}

/** Calls our own API (same origin) and parses the answer with its protocol schema. */
export async function apiRequest<T>(path: string, options: ApiRequestOptions<T>): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? "GET",
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: "same-origin",
    });
  } catch (cause) {
    throw new ApiError("network", 0, cause instanceof Error ? cause.message : "network error");
  }
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = ApiErrorResponseSchema.safeParse(json);
    if (parsed.success) {
      const { code, message, field } = parsed.data.error;
      throw new ApiError(code, response.status, message, field);
    }
    const code =
      response.status === 401
        ? "unauthenticated"
        : response.status === 403
          ? "forbidden"
          : response.status === 404
            ? "not_found"
            : response.status === 429
              ? "rate_limited"
              : "internal";
    throw new ApiError(code, response.status, `HTTP ${response.status}`);
  }
  const parsed = options.schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError("bad_response", response.status, parsed.error.message);
  }
  return parsed.data;
}

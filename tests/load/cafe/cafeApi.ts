import type { RunningServer } from "../lib/servers";

/** How long one API call of the set-up may take. */
const REQUEST_TIMEOUT_MS = 60_000;

/** Calls our API as JSON with an optional bearer token; throws on a status other than `expect`. */
export async function callApi<T>(
  server: RunningServer,
  method: "GET" | "POST" | "PUT" | "PATCH",
  path: string,
  options: { token?: string; body?: unknown; expect?: number } = {},
): Promise<T> {
  const response = await fetch(`${server.httpBase}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  const expected = options.expect ?? 200;
  if (response.status !== expected) {
    throw new Error(`${method} ${path} → ${response.status} ${text.slice(0, 300)}`);
  }
  return JSON.parse(text) as T;
}

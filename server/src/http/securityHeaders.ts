import { ServerResponse } from "node:http";
import { Hono, type MiddlewareHandler } from "hono";

/**
 * Hono's `secureHeaders` middleware, made cheap on Node: its headers are worked out once (by
 * running it on a probe request) and set on Node's response before the route runs, where the
 * headers a route answers with take precedence (Node's `writeHead` merges them over), which is
 * `overwrite: false`. A JSON answer then keeps plain headers, so `@hono/node-server` writes it
 * without a WHATWG `Headers` object (on the Open Space posting rush, building and copying one per
 * answer was ~3 % of the server's CPU). Without Node's response (e.g. `app.request` in tests) it
 * runs `secure` as it is. `secure` must not depend on the request (no nonces).
 */
export function securityHeaders(secure: MiddlewareHandler): MiddlewareHandler {
  let headers: (readonly [string, string])[] | null = null;
  let probing: Promise<(readonly [string, string])[]> | null = null;
  const probe = async () => {
    const app = new Hono();
    app.use("*", secure);
    app.get("/", (c) => c.body(null, 204));
    const response = await app.request("/");
    return [...response.headers].map(([name, value]) => [name, value] as const);
  };
  return async function securityHeadersMiddleware(c, next) {
    const outgoing: unknown = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
    if (!(outgoing instanceof ServerResponse)) return secure(c, next);
    if (headers === null) {
      probing ??= probe();
      headers = await probing;
    }
    for (const [name, value] of headers) {
      if (!outgoing.hasHeader(name)) outgoing.setHeader(name, value);
    }
    await next();
  };
}

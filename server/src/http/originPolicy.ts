import type { IncomingMessage } from "node:http";

export interface OriginPolicyOptions {
  /** Explicit allow-list of origins, `*` for any, or null for the default policy. */
  allowedOrigins: readonly string[] | "*" | null;
  /** `TABLECLOTH_PUBLIC_URL`'s origin. */
  publicOrigin: string | null;
  /** Also allow `http(s)://localhost`, `127.0.0.1` and `[::1]` on any port (development). */
  allowLoopback: boolean;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function parseOrigin(raw: string): URL | null {
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/**
 * Decides whether a WebSocket upgrade's `Origin` may open a sync socket. Browsers always send
 * `Origin` on WebSocket handshakes, so this stops another site's page from opening sockets in a
 * visitor's name. A request without `Origin` is not a browser page (the stock y-websocket client
 * in Node, load tools): it is allowed, and still needs a token like any other.
 *
 * With no explicit list the server's own origin is allowed (the `Origin` whose host is the
 * request's `Host`), `TABLECLOTH_PUBLIC_URL`, and loopback origins in development.
 */
export function createOriginPolicy(
  options: OriginPolicyOptions,
): (req: IncomingMessage) => boolean {
  const explicit = options.allowedOrigins === "*" ? null : new Set(options.allowedOrigins ?? []);
  return (req) => {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    if (options.allowedOrigins === "*") return true;
    const url = parseOrigin(origin);
    if (url === null) return false;
    if (explicit !== null && explicit.size > 0) return explicit.has(url.origin);
    if (options.publicOrigin !== null && url.origin === options.publicOrigin) return true;
    if (options.allowLoopback && LOOPBACK_HOSTS.has(url.hostname)) return true;
    return req.headers.host !== undefined && url.host === req.headers.host.toLowerCase();
  };
}

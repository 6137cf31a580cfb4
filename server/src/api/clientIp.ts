import type { Context } from "hono";

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

function isNodeBindings(env: unknown): env is NodeBindings {
  return typeof env === "object" && env !== null;
}

/**
 * The client's address for per-IP rate limits: the socket's peer address, or with `trustProxy`
 * the last `X-Forwarded-For` entry (the address our one trusted proxy saw; earlier entries are
 * whatever the client claimed). "unknown" when neither is available.
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header("X-Forwarded-For");
    const last = forwarded?.split(",").at(-1)?.trim();
    if (last) return last;
  }
  const env: unknown = c.env;
  const address = isNodeBindings(env) ? env.incoming?.socket?.remoteAddress : undefined;
  return address ?? "unknown";
}

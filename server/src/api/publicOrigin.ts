import type { Context } from "hono";

/** The origin join links are built on: the configured public URL, else the request's. */
export function publicOrigin(c: Context, publicUrl: string | null, trustProxy: boolean): string {
  if (publicUrl) return publicUrl;
  const url = new URL(c.req.url);
  if (!trustProxy) return url.origin;
  const proto = c.req.header("X-Forwarded-Proto")?.split(",")[0]?.trim();
  const host = c.req.header("X-Forwarded-Host")?.split(",")[0]?.trim();
  const scheme = proto === "http" || proto === "https" ? proto : url.protocol.slice(0, -1);
  // A forwarded host replaces host and port together; anything but a host[:port] is ignored.
  const authority =
    host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)
      ? host
      : url.host;
  try {
    return new URL(`${scheme}://${authority}`).origin;
  } catch {
    return url.origin;
  }
}

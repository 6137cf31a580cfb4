import type { IncomingMessage } from "node:http";
import { connect } from "node:net";
import type { Duplex } from "node:stream";
import type { EventOwner } from "@tablecloth/storage";
import type { MiddlewareHandler } from "hono";
import { eventKeyOfPath } from "./eventKey";

/** Marks a request one instance forwarded to another; a forwarded request is never forwarded again. */
export const HOP_HEADER = "x-tablecloth-hop";

/** Who owns an event, and whether that is this instance. */
export interface OwnerLookup {
  ownerOf(eventKey: string): Promise<EventOwner>;
  readonly instanceId: string;
  /** The owner's address refused the connection (see `PgLeases.declareUnreachable`). */
  refused(owner: EventOwner): Promise<void>;
}

/** Whether a connection error says nothing listens at the address (ECONNREFUSED). */
export function isRefused(error: unknown): boolean {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  return e?.code === "ECONNREFUSED" || e?.cause?.code === "ECONNREFUSED";
}

/** Request headers that belong to one connection, not to the request. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "proxy-connection",
  "te",
  "trailer",
  "host",
  "content-length",
]);

function unavailable(message: string): Response {
  return Response.json(
    { error: { code: "unavailable", message } },
    {
      status: 503,
      headers: { "Retry-After": "1" },
    },
  );
}

/**
 * Hono middleware of a clustered instance: a request about an event (`eventKeyOfPath`) that
 * another live instance owns is forwarded there and its answer returned as is, so the owner's
 * rules, limits and membership decide it. Runs before every other `/api` middleware. When the
 * owner cannot be reached the caller gets 503 with `Retry-After` (its lease expires within the
 * lease ttl and the next try is served here or by the next owner).
 */
export function forwardToOwner(leases: OwnerLookup): MiddlewareHandler {
  return async (c, next) => {
    const key = eventKeyOfPath(c.req.path);
    if (key === null) return next();
    const owner = await leases.ownerOf(key);
    if (owner.instanceId === leases.instanceId) return next();
    if (c.req.header(HOP_HEADER) !== undefined || owner.url === "") {
      return unavailable("This event is moving between servers; try again.");
    }
    const incoming = new URL(c.req.url);
    const headers = new Headers();
    for (const [name, value] of c.req.raw.headers) {
      if (!HOP_BY_HOP.has(name)) headers.set(name, value);
    }
    headers.set(HOP_HEADER, leases.instanceId);
    headers.set("host", incoming.host);
    const hasBody = c.req.method !== "GET" && c.req.method !== "HEAD";
    let answer: Response;
    try {
      answer = await fetch(`${owner.url}${incoming.pathname}${incoming.search}`, {
        method: c.req.method,
        headers,
        body: hasBody ? c.req.raw.body : null,
        redirect: "manual",
        ...(hasBody ? { duplex: "half" } : {}),
      } as RequestInit);
    } catch (error) {
      if (isRefused(error)) await leases.refused(owner).catch(() => {});
      return unavailable("The server holding this event cannot be reached; try again.");
    }
    const out = new Headers(answer.headers);
    // fetch has already decoded the body and framed it.
    out.delete("content-encoding");
    out.delete("content-length");
    out.delete("transfer-encoding");
    return new Response(answer.body, { status: answer.status, headers: out });
  };
}

/**
 * Pipes a sync socket's upgrade to the owner instance unchanged (its `Origin`, `Host` and token
 * included, so the owner decides access as if the client had come straight to it), then relays
 * bytes both ways until either side closes. Answers 503 when the owner cannot be reached; the
 * stock client retries.
 */
export function proxyUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  ownerUrl: string,
  fromInstance: string,
  onUnreachable: (error: Error) => void,
): void {
  const target = new URL(ownerUrl);
  const upstream = connect({ host: target.hostname, port: Number(target.port) || 80 });
  let connected = false;
  upstream.setNoDelay(true);
  upstream.once("connect", () => {
    connected = true;
    let request = `${req.method ?? "GET"} ${req.url ?? "/"} HTTP/1.1\r\n`;
    const raw = req.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      if ((raw[i] as string).toLowerCase() === HOP_HEADER) continue;
      request += `${raw[i]}: ${raw[i + 1]}\r\n`;
    }
    request += `${HOP_HEADER}: ${fromInstance}\r\n\r\n`;
    upstream.write(request);
    if (head.length > 0) upstream.write(head);
    socket.pipe(upstream);
    upstream.pipe(socket);
  });
  upstream.on("error", (error) => {
    if (!connected) onUnreachable(error);
    else socket.destroy();
  });
  upstream.on("close", () => socket.destroy());
  socket.on("close", () => upstream.destroy());
  socket.on("error", () => upstream.destroy());
}

import { IncomingMessage } from "node:http";
import type { Context, MiddlewareHandler } from "hono";
import { badRequest, tooLarge } from "./ApiError";

declare module "hono" {
  interface ContextVariableMap {
    /** The most bytes `parseJsonBody` reads of this request's body (set by `limitJsonBody`). */
    tableclothBodyLimit: number;
  }
}

/** A 413 naming the limit. */
const tooLargeFor = (maxBytes: number) => tooLarge(`The body is larger than ${maxBytes} bytes.`);

/**
 * The size limit of a JSON route, to run ahead of its `parseJsonBody`: a declared
 * `Content-Length` over `maxBytes` is a 413 before anything is read, and the body is then read
 * (once, by `parseJsonBody`) up to `maxBytes`, a longer one (chunked) a 413 too. Unlike Hono's
 * `bodyLimit` it builds no WHATWG `Request` and stream around Node's request: on the Open Space
 * posting rush that was an eighth of the server's CPU.
 */
export function limitJsonBody(maxBytes: number): MiddlewareHandler {
  return async function limitJsonBodyMiddleware(c, next) {
    const declared = c.req.header("content-length");
    if (declared !== undefined && Number(declared) > maxBytes) throw tooLargeFor(maxBytes);
    c.set("tableclothBodyLimit", maxBytes);
    await next();
  };
}

const utf8 = new TextDecoder();

/**
 * The body as text (UTF-8, a leading BOM dropped, as `Request.text()` does), at most the limit
 * `limitJsonBody` set; null when no limit was set (the caller then reads it the usual way).
 * Read straight from Node's request when the server is `@hono/node-server` and nothing read it
 * yet; through Hono's request otherwise (e.g. `app.request` in tests).
 */
export async function readLimitedBody(c: Context): Promise<string | null> {
  const maxBytes = c.get("tableclothBodyLimit");
  if (maxBytes === undefined) return null;
  const incoming: unknown = (c.env as { incoming?: unknown } | undefined)?.incoming;
  if (!(incoming instanceof IncomingMessage) || incoming.readableDidRead) {
    const text = await c.req.text();
    if (Buffer.byteLength(text) > maxBytes) throw tooLargeFor(maxBytes);
    return text;
  }
  const bytes = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onFailure);
      incoming.off("close", onFailure);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // The rest is left unread: the adapter drains or drops it once the 413 is sent.
        done();
        incoming.pause();
        reject(tooLargeFor(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    // Aborted or cut off before its end: not a JSON body.
    const onFailure = () => {
      done();
      reject(badRequest("The body must be JSON.", "body"));
    };
    incoming.on("data", onData);
    incoming.on("end", onEnd);
    incoming.on("error", onFailure);
    incoming.on("close", onFailure);
  });
  return utf8.decode(bytes);
}

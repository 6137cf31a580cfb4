import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import type { Logger } from "@tablecloth/sync";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { apiErrorHandler } from "./apiErrorHandler";
import { limitJsonBody } from "./limitJsonBody";
import { parseJsonBody } from "./parseJsonBody";

const MAX = 64;
const silent: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

function app(): Hono {
  const hono = new Hono();
  hono.onError(apiErrorHandler(silent));
  hono.post("/echo", limitJsonBody(MAX), async (c) => {
    const body = await parseJsonBody(c, z.object({ text: z.string() }));
    return c.json({ text: body.text });
  });
  return hono;
}

async function call(response: Promise<Response>): Promise<{ status: number; body: unknown }> {
  const answered = await response;
  return { status: answered.status, body: await answered.json() };
}

describe("limitJsonBody + parseJsonBody through Node's HTTP server", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createAdaptorServer({ fetch: app().fetch }) as Server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (body: RequestInit["body"], headers: Record<string, string> = {}) =>
    call(fetch(`${base}/echo`, { method: "POST", body, headers, duplex: "half" } as RequestInit));

  it("reads a JSON body, a leading BOM dropped as Request.text() does", async () => {
    expect(await post(JSON.stringify({ text: "héllo" }))).toEqual({
      status: 200,
      body: { text: "héllo" },
    });
    expect(await post(`\uFEFF${JSON.stringify({ text: "bom" })}`)).toEqual({
      status: 200,
      body: { text: "bom" },
    });
  });

  it("answers 413 for a declared length over the limit, before reading", async () => {
    const answer = await post(JSON.stringify({ text: "x".repeat(MAX) }));
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ error: { code: "too_large" } });
  });

  it("answers 413 for a chunked body (no Content-Length) that grows over the limit", async () => {
    const chunks = [`{"text":"`, "y".repeat(40), "y".repeat(40), `"}`];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const answer = await post(stream as unknown as RequestInit["body"]);
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ error: { code: "too_large" } });
  });

  it("reads a chunked body within the limit", async () => {
    const chunks = [`{"text":`, `"ok"}`];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    expect(await post(stream as unknown as RequestInit["body"])).toEqual({
      status: 200,
      body: { text: "ok" },
    });
  });

  it("answers 400 for a body that is not JSON, or not the schema's", async () => {
    expect(await post("{not json")).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_request" } },
    });
    expect(await post(JSON.stringify({ text: 3 }))).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_request", field: "text" } },
    });
    expect(await post("")).toMatchObject({ status: 400 });
  });

  it("keeps serving after a 413 on a kept-alive connection", async () => {
    expect((await post(JSON.stringify({ text: "z".repeat(200) }))).status).toBe(413);
    expect(await post(JSON.stringify({ text: "after" }))).toEqual({
      status: 200,
      body: { text: "after" },
    });
  });
});

describe("limitJsonBody without Node's request (app.request)", () => {
  it("reads through Hono's request and still holds the limit", async () => {
    const hono = app();
    const ok = await hono.request("/echo", { method: "POST", body: JSON.stringify({ text: "a" }) });
    expect(await ok.json()).toEqual({ text: "a" });
    const big = await hono.request("/echo", {
      method: "POST",
      body: JSON.stringify({ text: "b".repeat(100) }),
    });
    expect(big.status).toBe(413);
  });
});

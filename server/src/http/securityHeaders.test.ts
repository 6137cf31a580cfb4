import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "../app";
import { securityHeaders } from "./securityHeaders";

const SECURITY = [
  "content-security-policy",
  "cross-origin-opener-policy",
  "cross-origin-resource-policy",
  "origin-agent-cluster",
  "referrer-policy",
  "x-content-type-options",
  "x-dns-prefetch-control",
  "x-download-options",
  "x-frame-options",
  "x-permitted-cross-domain-policies",
  "x-xss-protection",
];

function app(): Hono {
  const hono = new Hono();
  hono.use(
    "*",
    securityHeaders(
      secureHeaders({ contentSecurityPolicy, referrerPolicy: "no-referrer", overwrite: false }),
    ),
  );
  hono.get("/json", (c) => c.json({ ok: true }, 201));
  hono.get("/own", (c) =>
    c.body("x", 200, { "Content-Security-Policy": "sandbox", "Content-Type": "text/plain" }),
  );
  hono.get("/fails", () => {
    throw new Error("boom");
  });
  return hono;
}

const pick = (headers: Headers) =>
  Object.fromEntries(SECURITY.map((name) => [name, headers.get(name)]));

describe("securityHeaders", () => {
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

  it("sets on Node's response exactly the headers Hono's middleware sets", async () => {
    const viaHono = await app().request("/json");
    const expected = pick(viaHono.headers);
    expect(Object.values(expected).every((v) => v !== null)).toBe(true);
    const first = await fetch(`${base}/json`);
    const second = await fetch(`${base}/json`);
    for (const answer of [first, second]) {
      expect(answer.status).toBe(201);
      expect(await answer.json()).toEqual({ ok: true });
      expect(pick(answer.headers)).toEqual(expected);
      expect(answer.headers.get("content-type")).toBe("application/json");
    }
    expect(expected["referrer-policy"]).toBe("no-referrer");
  });

  it("keeps a route's own header (overwrite: false), through Hono and through Node", async () => {
    const viaHono = await app().request("/own");
    expect(viaHono.headers.get("content-security-policy")).toBe("sandbox");
    const viaNode = await fetch(`${base}/own`);
    expect(await viaNode.text()).toBe("x");
    expect(viaNode.headers.get("content-security-policy")).toBe("sandbox");
    expect(viaNode.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  });

  it("sets them on an error answer too", async () => {
    const failed = await fetch(`${base}/fails`);
    expect(failed.status).toBe(500);
    await failed.arrayBuffer();
    expect(failed.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

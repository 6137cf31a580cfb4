import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { createOriginPolicy } from "./originPolicy";

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe("createOriginPolicy", () => {
  const byDefault = createOriginPolicy({
    allowedOrigins: null,
    publicOrigin: "https://cafe.example.org",
    allowLoopback: false,
  });

  it("allows the server's own origin, the public URL, and requests without Origin", () => {
    expect(byDefault(request({ host: "10.0.0.5:8787", origin: "http://10.0.0.5:8787" }))).toBe(
      true,
    );
    expect(byDefault(request({ host: "10.0.0.5:8787", origin: "https://cafe.example.org" }))).toBe(
      true,
    );
    expect(byDefault(request({ host: "10.0.0.5:8787" }))).toBe(true);
  });

  it("refuses other sites, a port of our host that is not ours, and garbage", () => {
    expect(byDefault(request({ host: "10.0.0.5:8787", origin: "https://evil.example" }))).toBe(
      false,
    );
    expect(byDefault(request({ host: "10.0.0.5:8787", origin: "http://10.0.0.5:9999" }))).toBe(
      false,
    );
    expect(byDefault(request({ host: "10.0.0.5:8787", origin: "null" }))).toBe(false);
    expect(byDefault(request({ host: "localhost:8787", origin: "http://localhost:5173" }))).toBe(
      false,
    );
  });

  it("allows loopback origins in development", () => {
    const dev = createOriginPolicy({
      allowedOrigins: null,
      publicOrigin: null,
      allowLoopback: true,
    });
    expect(dev(request({ host: "127.0.0.1:8787", origin: "http://localhost:5173" }))).toBe(true);
    expect(dev(request({ host: "127.0.0.1:8787", origin: "http://[::1]:5173" }))).toBe(true);
    expect(dev(request({ host: "127.0.0.1:8787", origin: "http://localhost.evil.example" }))).toBe(
      false,
    );
  });

  it("takes an explicit list instead of the default, or any origin with *", () => {
    const listed = createOriginPolicy({
      allowedOrigins: ["https://a.example"],
      publicOrigin: null,
      allowLoopback: true,
    });
    expect(listed(request({ host: "a.example", origin: "https://a.example" }))).toBe(true);
    expect(listed(request({ host: "b.example", origin: "https://b.example" }))).toBe(false);
    const any = createOriginPolicy({
      allowedOrigins: "*",
      publicOrigin: null,
      allowLoopback: false,
    });
    expect(any(request({ host: "a.example", origin: "https://z.example" }))).toBe(true);
  });
});

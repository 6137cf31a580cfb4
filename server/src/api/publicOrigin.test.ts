import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { publicOrigin } from "./publicOrigin";

async function originOf(
  publicUrl: string | null,
  trustProxy: boolean,
  headers: Record<string, string> = {},
) {
  const app = new Hono().get("/o", (c) => c.text(publicOrigin(c, publicUrl, trustProxy)));
  const response = await app.request("http://10.0.0.5:8787/o", { headers });
  return response.text();
}

describe("publicOrigin", () => {
  const forwarded = { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "cafe.example.org" };

  it("prefers the configured public URL", async () => {
    expect(await originOf("https://tablecloth.example.net", true, forwarded)).toBe(
      "https://tablecloth.example.net",
    );
  });

  it("uses the request's origin, and forwarded headers only behind a trusted proxy", async () => {
    expect(await originOf(null, false, forwarded)).toBe("http://10.0.0.5:8787");
    expect(await originOf(null, true, forwarded)).toBe("https://cafe.example.org");
    expect(await originOf(null, true, { "X-Forwarded-Host": "evil.example/path" })).toBe(
      "http://10.0.0.5:8787",
    );
    expect(await originOf(null, true, { "X-Forwarded-Host": "cafe.example.org:99999" })).toBe(
      "http://10.0.0.5:8787",
    );
  });
});

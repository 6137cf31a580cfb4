import { describe, expect, it } from "vitest";
import { createClientConfigRoutes } from "./createClientConfigRoutes";

describe("createClientConfigRoutes", () => {
  it("hands the licence key to the browser, uncached", async () => {
    const app = createClientConfigRoutes({ tldrawLicenseKey: "tldraw-abc.def" });
    const res = await app.request("/config");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ tldrawLicenseKey: "tldraw-abc.def" });
  });

  it.each([undefined, null, "", "   "])("answers null when the key is %j", async (key) => {
    const app = createClientConfigRoutes({ tldrawLicenseKey: key });
    const res = await app.request("/config");
    expect(await res.json()).toEqual({ tldrawLicenseKey: null });
  });
});

import { describe, expect, it } from "vitest";
import { resolveRenderBrowser } from "./resolveRenderBrowser";

describe("resolveRenderBrowser", () => {
  it("auto finds a system Chromium, or says it found none", () => {
    expect(resolveRenderBrowser("auto", (p) => p === "/usr/bin/chromium-browser")).toEqual({
      path: "/usr/bin/chromium-browser",
    });
    const none = resolveRenderBrowser("auto", () => false);
    expect(none.path).toBeNull();
    expect("reason" in none && none.reason).toContain("no Chromium");
  });

  it("none never renders; a path must exist", () => {
    expect(resolveRenderBrowser("none", () => true).path).toBeNull();
    expect(resolveRenderBrowser("/opt/chrome", (p) => p === "/opt/chrome")).toEqual({
      path: "/opt/chrome",
    });
    expect(resolveRenderBrowser("/opt/chrome", () => false).path).toBeNull();
  });
});

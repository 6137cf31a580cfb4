import { describe, expect, it } from "vitest";
import { needsLicenceWarning } from "./needsLicenceWarning";

const at = (protocol: string, hostname: string) => ({ protocol, hostname });

describe("needsLicenceWarning", () => {
  it("warns on a public HTTPS origin without a key", () => {
    expect(needsLicenceWarning(at("https:", "cafe.example.org"), null)).toBe(true);
  });

  it("stays quiet with a key, on http, and on loopback hosts", () => {
    expect(needsLicenceWarning(at("https:", "cafe.example.org"), "tldraw-key")).toBe(false);
    expect(needsLicenceWarning(at("http:", "cafe.example.org"), null)).toBe(false);
    expect(needsLicenceWarning(at("https:", "localhost"), null)).toBe(false);
    expect(needsLicenceWarning(at("https:", "127.0.0.1"), null)).toBe(false);
    expect(needsLicenceWarning(at("https:", "[::1]"), null)).toBe(false);
  });
});

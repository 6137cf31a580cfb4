import { describe, expect, it } from "vitest";
import { ConfigError } from "../config";
import { apiConfigFromEnv, apiDefaults, apiEnvSchema } from "./apiConfig";

describe("apiConfigFromEnv (one zod schema for the events API's variables)", () => {
  it("gives the defaults for an empty environment, the per-address share half the cap", () => {
    expect(apiConfigFromEnv({})).toEqual({ ...apiDefaults, joinsPerAddress: 2_500 });
  });

  it("reads every variable, trimmed, and derives the share from a changed cap", () => {
    const config = apiConfigFromEnv({
      TABLECLOTH_ADMIN_TOKEN: "  secret ",
      TABLECLOTH_TRUST_PROXY: "Yes",
      TABLECLOTH_PUBLIC_URL: "https://cafe.example.org/some/path",
      TABLECLOTH_JOIN_PER_MINUTE: " 42 ",
      TABLECLOTH_JOIN_BURST: "7",
      TABLECLOTH_MAX_PARTICIPANTS_PER_EVENT: "101",
      TABLECLOTH_RENDER_BROWSER: "none",
      TABLECLOTH_MAX_CONCURRENT_EXPORTS: "3",
    });
    expect(config).toMatchObject({
      adminToken: "secret",
      trustProxy: true,
      publicUrl: "https://cafe.example.org",
      joinRate: { perMinute: 42, burst: 7 },
      maxParticipantsPerEvent: 101,
      joinsPerAddress: 51,
      renderBrowser: "none",
      maxConcurrentExports: 3,
    });
  });

  it("counts blank values as unset", () => {
    expect(
      apiConfigFromEnv({
        TABLECLOTH_ADMIN_TOKEN: "  ",
        TABLECLOTH_API_BURST: "",
        TABLECLOTH_TRUST_PROXY: " ",
      }),
    ).toEqual(apiConfigFromEnv({}));
  });

  it.each([
    [
      "TABLECLOTH_API_BURST",
      "abc",
      'TABLECLOTH_API_BURST must be a whole number of at least 1, got "abc".',
    ],
    [
      "TABLECLOTH_UPLOAD_MAX_BYTES",
      "-5",
      'TABLECLOTH_UPLOAD_MAX_BYTES must be a whole number of at least 1, got "-5".',
    ],
    [
      "TABLECLOTH_RENDER_PAGES",
      "0",
      'TABLECLOTH_RENDER_PAGES must be a whole number of at least 1, got "0".',
    ],
    [
      "TABLECLOTH_TOKEN_LIFETIME_MS",
      "1.5",
      'TABLECLOTH_TOKEN_LIFETIME_MS must be a whole number of at least 1, got "1.5".',
    ],
    [
      "TABLECLOTH_TRUST_PROXY",
      "maybe",
      'TABLECLOTH_TRUST_PROXY must be true or false, got "maybe".',
    ],
    [
      "TABLECLOTH_PUBLIC_URL",
      "cafe.example.org",
      'TABLECLOTH_PUBLIC_URL must be an absolute URL, got "cafe.example.org".',
    ],
    [
      "TABLECLOTH_PUBLIC_URL",
      "ftp://cafe.example.org",
      'TABLECLOTH_PUBLIC_URL must be http(s), got "ftp://cafe.example.org".',
    ],
  ])("refuses %s=%s, naming the variable", (name, value, message) => {
    expect(() => apiConfigFromEnv({ [name]: value })).toThrow(new ConfigError(message));
  });

  it("refuses a per-address share above the cap", () => {
    expect(() =>
      apiConfigFromEnv({
        TABLECLOTH_MAX_PARTICIPANTS_PER_EVENT: "10",
        TABLECLOTH_JOINS_PER_ADDRESS: "11",
      }),
    ).toThrow(
      /TABLECLOTH_JOINS_PER_ADDRESS \(11\) may not exceed TABLECLOTH_MAX_PARTICIPANTS_PER_EVENT \(10\)/,
    );
  });

  it("declares every TABLECLOTH_* variable it reads in the schema", () => {
    expect(Object.keys(apiEnvSchema.shape).every((name) => name.startsWith("TABLECLOTH_"))).toBe(
      true,
    );
    expect(Object.keys(apiEnvSchema.shape)).toHaveLength(26);
  });
});

import { describe, expect, it } from "vitest";
import { ConfigError, envSchema, loadConfig, parseEnv, serverLimits } from "./config";

describe("envSchema", () => {
  it("names the variable and its limits on bad input", () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ PORT: "abc" }, /^PORT must be a whole number from 0 to 65535, got "abc"\.$/],
      [{ TABLECLOTH_HEARTBEAT_MS: "-5" }, /TABLECLOTH_HEARTBEAT_MS must be a whole number/],
      [{ TABLECLOTH_MAX_CONNECTIONS: "-1" }, /TABLECLOTH_MAX_CONNECTIONS must be/],
      [{ TABLECLOTH_LEASE_TTL_MS: "299" }, /TABLECLOTH_LEASE_TTL_MS .* from 300 to 600000/],
      [{ TABLECLOTH_DATABASE_URL: "mysql://x" }, /TABLECLOTH_DATABASE_URL must be a postgres/],
      [{ TABLECLOTH_PUBLIC_URL: "ftp://x" }, /TABLECLOTH_PUBLIC_URL must hold http/],
    ];
    for (const [env, message] of cases) {
      expect(() => parseEnv(env), JSON.stringify(env)).toThrow(ConfigError);
      expect(() => parseEnv(env)).toThrow(message);
    }
  });

  it("checks the per-address cap against the total", () => {
    expect(() =>
      loadConfig(
        { TABLECLOTH_MAX_CONNECTIONS: "10", TABLECLOTH_MAX_CONNECTIONS_PER_ADDRESS: "11" },
        [],
      ),
    ).toThrow(/TABLECLOTH_MAX_CONNECTIONS_PER_ADDRESS must be a whole number from 1 to 10/);
  });

  it("takes flags over env and treats blank values as unset", () => {
    const parsed = parseEnv({ PORT: "9000", HOST: "  " }, { PORT: "9001" });
    expect(parsed.PORT).toBe(9001);
    expect(parsed.HOST).toBe("127.0.0.1");
    expect(parsed.TABLECLOTH_LISTEN_BACKLOG).toBe(4096);
  });

  it("declares every limit it names", () => {
    expect(Object.keys(envSchema.shape)).toContain("TABLECLOTH_LEASE_TTL_MS");
    for (const [min, max] of Object.values(serverLimits)) expect(min).toBeLessThanOrEqual(max);
  });
});

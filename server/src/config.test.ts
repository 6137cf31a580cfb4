import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { defaultSyncConfig } from "@tablecloth/sync";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, serverDefaults, syncEnvName } from "./config";

describe("loadConfig", () => {
  it("takes a relative DATA_DIR from where the command was run (pnpm's INIT_CWD)", () => {
    expect(loadConfig({ INIT_CWD: "/srv/venue" }, []).config.dataDir).toBe("/srv/venue/data");
    expect(loadConfig({ INIT_CWD: "/srv/venue", DATA_DIR: "cloths" }, []).config.dataDir).toBe(
      "/srv/venue/cloths",
    );
    expect(loadConfig({ INIT_CWD: "/srv/venue", DATA_DIR: "/var/lib/tc" }, []).config.dataDir).toBe(
      "/var/lib/tc",
    );
  });

  it("has the documented defaults", () => {
    const { config, help } = loadConfig({}, []);
    expect(help).toBe(false);
    expect(config.port).toBe(8787);
    expect(config.host).toBe("127.0.0.1");
    expect(config.dataDir).toBe(resolve("./data"));
    expect(config.logLevel).toBe("info");
    expect(config.sync).toEqual({});
    expect(config.maxPayloadBytes).toBe(
      defaultSyncConfig.maxFrameBytes * serverDefaults.maxPayloadFactor,
    );
    expect(config.listenBacklog).toBe(4096);
    expect(loadConfig({ TABLECLOTH_LISTEN_BACKLOG: "511" }, []).config.listenBacklog).toBe(511);
  });

  it("reads env and lets flags win", () => {
    const env = { PORT: "9000", HOST: "0.0.0.0", DATA_DIR: "/tmp/a", LOG_LEVEL: "DEBUG" };
    expect(loadConfig(env, []).config).toMatchObject({
      port: 9000,
      host: "0.0.0.0",
      dataDir: "/tmp/a",
      logLevel: "debug",
    });
    const { config } = loadConfig(env, [
      "--port",
      "0",
      "--host=::1",
      "--data-dir",
      "/tmp/b",
      "--log-level",
      "warn",
    ]);
    expect(config).toMatchObject({ port: 0, host: "::1", dataDir: "/tmp/b", logLevel: "warn" });
    expect(loadConfig({}, ["--help"]).help).toBe(true);
  });

  it("overrides every numeric engine limit by TABLECLOTH_<FIELD>", () => {
    expect(syncEnvName("maxFrameBytes")).toBe("TABLECLOTH_MAX_FRAME_BYTES");
    expect(syncEnvName("unloadGraceMs")).toBe("TABLECLOTH_UNLOAD_GRACE_MS");
    const { config } = loadConfig(
      {
        TABLECLOTH_MAX_FRAME_BYTES: "1024",
        TABLECLOTH_UNLOAD_GRACE_MS: "0",
        TABLECLOTH_PERSIST_FLUSH_MS: "20",
      },
      [],
    );
    expect(config.sync).toEqual({ maxFrameBytes: 1024, unloadGraceMs: 0, persistFlushMs: 20 });
    expect(config.maxPayloadBytes).toBe(4096);
  });

  it("refuses bad values with a message naming the setting", () => {
    const cases: Array<[Record<string, string>, string[], RegExp]> = [
      [{ PORT: "80a" }, [], /PORT must be a whole number/],
      [{ PORT: "70000" }, [], /PORT/],
      [{}, ["--port", "-1"], /PORT/],
      [{ LOG_LEVEL: "loud" }, [], /LOG_LEVEL must be one of/],
      [{}, ["--colour"], /Unknown option "--colour"/],
      [{}, ["--port"], /--port needs a value/],
      [{ TABLECLOTH_UNLOAD_GRACE_MS: "soon" }, [], /TABLECLOTH_UNLOAD_GRACE_MS/],
      [{ TABLECLOTH_PERSIST_FLUSH_MS: "500" }, [], /persistFlushMs/],
      [{ TABLECLOTH_MAX_FRAME_BYTES: "0" }, [], /maxFrameBytes/],
      [{ TABLECLOTH_MAX_FRAME_BYTES: "1000", TABLECLOTH_MAX_PAYLOAD_BYTES: "1000" }, [], /4413/],
      [{ TABLECLOTH_LISTEN_BACKLOG: "0" }, [], /TABLECLOTH_LISTEN_BACKLOG/],
    ];
    for (const [env, argv, message] of cases) {
      expect(() => loadConfig(env, argv), JSON.stringify([env, argv])).toThrow(ConfigError);
      expect(() => loadConfig(env, argv)).toThrow(message);
    }
  });
});

describe("TABLECLOTH_SOCKET_LAYER", () => {
  it("is builtin unless set, and names one of the two layers", () => {
    expect(loadConfig({}, []).config.socketLayer).toBe("builtin");
    expect(loadConfig({ TABLECLOTH_SOCKET_LAYER: "ws" }, []).config.socketLayer).toBe("ws");
    expect(loadConfig({ TABLECLOTH_SOCKET_LAYER: " WS " }, []).config.socketLayer).toBe("ws");
    expect(loadConfig({ TABLECLOTH_SOCKET_LAYER: "builtin" }, []).config.socketLayer).toBe(
      "builtin",
    );
    for (const bad of ["uws", "ws,builtin", "1", "inhouse"]) {
      expect(() => loadConfig({ TABLECLOTH_SOCKET_LAYER: bad }, []), bad).toThrow(
        "TABLECLOTH_SOCKET_LAYER must be one of builtin, ws",
      );
    }
  });
});

describe("server/README.md", () => {
  it("documents every engine limit's environment variable", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const missing = Object.keys(defaultSyncConfig)
      .map(syncEnvName)
      .filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});

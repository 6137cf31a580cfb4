import { describe, expect, it } from "vitest";
import { createLogger, redact } from "./logger";

function capture(level: Parameters<typeof createLogger>[0] extends infer O ? O : never = {}) {
  const lines: string[] = [];
  const logger = createLogger({ ...level, write: (line) => lines.push(line) });
  return {
    logger,
    lines,
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe("createLogger", () => {
  it("writes one JSON object per line with time, level, msg and fields", () => {
    const { logger, records } = capture();
    logger.info("listening", { port: 8787 });
    const [record] = records();
    expect(record).toMatchObject({ level: "info", msg: "listening", port: 8787 });
    expect(Number.isNaN(Date.parse(String(record?.time)))).toBe(false);
  });

  it("drops lines below its level", () => {
    const { logger, records } = capture({ level: "warn" });
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    expect(records().map((record) => record.level)).toEqual(["warn", "error"]);
    const silent = capture({ level: "silent" });
    silent.logger.error("nothing");
    expect(silent.lines).toEqual([]);
  });

  it("child loggers add their fields", () => {
    const { logger, records } = capture({ base: { service: "tablecloth" } });
    logger.child({ component: "transport" }).warn("slow", { docName: "d1" });
    expect(records()[0]).toMatchObject({
      service: "tablecloth",
      component: "transport",
      docName: "d1",
    });
  });

  it("never writes a token, whatever the field or URL", () => {
    const { logger, lines } = capture();
    logger.info("request", {
      url: "/sync/table-1?token=eyJhbGciOi.secret.sig&x=1",
      headers: { Authorization: "Bearer eyJhbGciOi.secret.sig", accept: "*/*" },
      token: "eyJhbGciOi.secret.sig",
      nested: { deeper: { facilitatorToken: "eyJhbGciOi.secret.sig" } },
      note: "sent Bearer eyJhbGciOi.secret.sig to the api",
    });
    logger.error("failed", { error: new Error("bad token=eyJhbGciOi.secret.sig") });
    const text = lines.join("\n");
    expect(text).not.toContain("secret");
    expect(text).toContain("/sync/table-1?token=[redacted]&x=1");
    expect(text).toContain('"accept":"*/*"');
  });

  it("never writes a token given to a child logger or the base", () => {
    const { logger, lines } = capture({ base: { token: "eyJhbGciOi.secret.base" } });
    logger
      .child({ authorization: "Bearer eyJhbGciOi.secret.child", url: "/sync/d?token=secret" })
      .child({ cookie: "tc_device=secret" })
      .warn("asked with token=secret.msg", { docName: "d1" });
    const text = lines.join("\n");
    expect(text).not.toContain("secret");
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ level: "warn", docName: "d1" });
  });
});

describe("redact", () => {
  it("keeps errors readable and summarises bytes", () => {
    const error = Object.assign(new Error("boom"), { code: "SQLITE_BUSY" });
    expect(redact({ error, update: new Uint8Array(10) })).toMatchObject({
      error: { name: "Error", message: "boom", code: "SQLITE_BUSY" },
      update: "<10 bytes>",
    });
  });
});

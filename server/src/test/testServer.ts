import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../config";
import { createLogger, isLogLevel } from "../logger";
import { type RunningServer, type ServerExtension, startServer } from "../TableclothServer";

/** A fresh temporary DATA_DIR; remove it with `removeDir`. */
export function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "tablecloth-server-test-"));
}

export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** Logs of in-process test servers: errors only, unless TEST_LOG_LEVEL says otherwise. */
function testLogLevel() {
  const level = process.env.TEST_LOG_LEVEL ?? "error";
  return isLogLevel(level) ? level : "error";
}

export interface TestServerOptions {
  dataDir: string;
  /** Extra environment, e.g. `{TABLECLOTH_UNLOAD_GRACE_MS: "0"}`; parsed by the real `loadConfig`. */
  env?: Record<string, string>;
  extensions?: readonly ServerExtension[];
}

/** The real server, in process, on 127.0.0.1 and a free port, configured like `main` would be. */
export function startTestServer(options: TestServerOptions): Promise<RunningServer> {
  const { config } = loadConfig(
    { PORT: "0", HOST: "127.0.0.1", DATA_DIR: options.dataDir, ...options.env },
    [],
  );
  const logger = createLogger({ level: testLogLevel(), base: { test: true } });
  return startServer(config, { logger, extensions: options.extensions ?? [] });
}

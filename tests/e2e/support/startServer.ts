import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SERVER_DIR } from "./paths";

export interface RunningServer {
  url: string;
  dataDir: string;
  /** SIGTERM, wait for a clean exit (the server flushes), then delete the data. */
  stop(): Promise<void>;
  /** What the server printed, for a failing test's report. */
  output(): string;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function waitHealthy(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`server exited with ${child.exitCode} before it was healthy:\n${output()}`);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server was not healthy within ${START_TIMEOUT_MS} ms:\n${output()}`);
}

/** Starts the real server (`node --import tsx src/main.ts`) on 127.0.0.1, a free port, temp data. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "tablecloth-e2e-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.TABLECLOTH_ADMIN_TOKEN;
  delete childEnv.TLDRAW_LICENSE_KEY;
  // Another entry (e.g. a server build with extra extensions) may be named for a run.
  const entry = process.env.TABLECLOTH_E2E_SERVER_ENTRY ?? "src/main.ts";
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: SERVER_DIR,
    // No render browser warmed up at each server's start (a Chromium and an A0 poster per spec
    // server on two cores); exports still start one. A spec may turn it on in `env`.
    env: {
      TABLECLOTH_RENDER_WARM_UP: "false",
      ...childEnv,
      HOST: "127.0.0.1",
      PORT: String(port),
      DATA_DIR: dataDir,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  // The whole log, for a flaky failure's post-mortem: TABLECLOTH_E2E_SERVER_LOG=/tmp/e2e-server.log.
  const logFile = process.env.TABLECLOTH_E2E_SERVER_LOG;
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
    if (logFile) appendFileSync(logFile, chunk);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const output = () => log;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited(child);
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitHealthy(url, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, dataDir, stop, output };
}

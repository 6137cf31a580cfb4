import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { freePort } from "./freePort";
import { readPeakRssMb, readProcessCpuMs } from "./procStats";

/** Which server a run targets: Tablecloth's own, or the stock `@y/websocket-server`. */
export type ServerKind = "ours" | "reference";

export const SERVER_KINDS: readonly ServerKind[] = ["ours", "reference"];

const here = dirname(fileURLToPath(import.meta.url));
const testsDir = resolve(here, "../..");
const repoDir = resolve(testsDir, "..");
const serverDir = join(repoDir, "server");

/** How long a server may take to answer its readiness probe (longer under `BENCH_OURS_TSX`). */
const READY_TIMEOUT_MS = 60_000;
/** How long SIGTERM may take (ours flushes its log) before SIGKILL. */
const STOP_TIMEOUT_MS = 15_000;
/** Lines of server output kept for error messages. */
const OUTPUT_LINES_KEPT = 40;

/** Servers still running, killed if the bench itself exits early (crash, Ctrl-C). */
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

export interface ServerOptions {
  kind: ServerKind;
  /** Our server's DATA_DIR (SQLite lives here). Ignored by the reference. */
  dataDir?: string;
  /** Extra environment, e.g. `TABLECLOTH_UNLOAD_GRACE_MS`. */
  env?: Record<string, string>;
  /** Reuse a port (e.g. across a restart); a free one otherwise. */
  port?: number;
}

export interface RunningServer {
  readonly kind: ServerKind;
  readonly pid: number;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly httpBase: string;
  /** A cheap URL that answers as soon as the event loop is free (`/healthz`, or `/`). */
  readonly probeUrl: string;
  /** WebSocket URL of a doc: `/sync/<doc>` on ours, `/<doc>` on the reference. */
  syncUrl(docName: string, token?: string): string;
  /** CPU time (user + system, ms) the server has used so far. */
  cpuMs(): number;
  /** Peak RSS (VmHWM) so far, MiB. */
  peakRssMb(): number;
  /** The last lines the server printed, for diagnostics. */
  recentOutput(): string;
  /** SIGTERM, then SIGKILL after a timeout; resolves with the exit code (null when killed). */
  stop(): Promise<number | null>;
}

/** Resolves tsx's ESM loader from the server package (falling back to ours) for `--import`. */
function tsxLoaderUrl(): string {
  for (const base of [serverDir, testsDir]) {
    const manifest = join(base, "package.json");
    if (!existsSync(manifest)) continue;
    try {
      return pathToFileURL(createRequire(manifest).resolve("tsx")).href;
    } catch {
      // not installed there: try the next place
    }
  }
  throw new Error("tsx not found in server/ or tests/ dependencies");
}

function referenceEntry(): string {
  const manifest = createRequire(join(testsDir, "package.json")).resolve(
    "@y/websocket-server/package.json",
  );
  return join(dirname(manifest), "src", "server.js");
}

/**
 * The V8 flags of our server's `start` script (`node <flags> dist/main.js` in
 * server/package.json), so the bench runs the server exactly as `pnpm start` does: the flags are
 * part of the product (e.g. `--max-semi-space-size`, see server/README.md).
 */
export function startScriptNodeFlags(): string[] {
  const manifest = JSON.parse(readFileSync(join(serverDir, "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
  };
  const start = manifest.scripts?.start ?? "";
  const words = start.split(/\s+/);
  const node = words.indexOf("node");
  if (node === -1) throw new Error(`server start script does not run node: "${start}"`);
  const flags: string[] = [];
  for (const word of words.slice(node + 1)) {
    if (word === "--import" || !word.startsWith("--")) break;
    flags.push(word);
  }
  return flags;
}

let serverBuilt = false;

/**
 * Compiles our server (`server/scripts/build.mjs`, esbuild → `server/dist/main.js`) once per
 * bench process, so the bench runs what `pnpm start` runs: plain JavaScript, no TypeScript loader
 * (tsx's loader and its transpiled sources stay resident). `BENCH_OURS_TSX=1` runs `src/main.ts` through tsx instead.
 */
function builtServerEntry(): string {
  if (!serverBuilt) {
    execFileSync(process.execPath, [join(serverDir, "scripts", "build.mjs")], {
      cwd: serverDir,
      stdio: "inherit",
    });
    serverBuilt = true;
  }
  return join(serverDir, "dist", "main.js");
}

function commandFor(kind: ServerKind): { args: string[]; cwd: string; probePath: string } {
  switch (kind) {
    case "ours":
      return {
        args: [
          ...startScriptNodeFlags(),
          ...(process.env.BENCH_OURS_TSX === "1"
            ? ["--import", tsxLoaderUrl(), join(serverDir, "src", "main.ts")]
            : [builtServerEntry()]),
        ],
        cwd: serverDir,
        probePath: "/healthz",
      };
    case "reference":
      return { args: [referenceEntry()], cwd: testsDir, probePath: "/" };
  }
}

async function waitReady(child: ChildProcess, url: string, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}):\n${output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not ready after ${READY_TIMEOUT_MS} ms:\n${output()}`);
}

/**
 * `BENCH_OURS_ENV="TABLECLOTH_MAX_PENDING_UPGRADES=5000 TABLECLOTH_UNLOAD_GRACE_MS=0"`: settings
 * for our server in every run, applied last (they win over a scenario's), to try a tuning.
 */
function oursEnvOverrides(): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const pair of (process.env.BENCH_OURS_ENV ?? "").split(/[\s,]+/)) {
    const eq = pair.indexOf("=");
    if (eq > 0) overrides[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return overrides;
}

/** Starts a server as a child process on 127.0.0.1 and waits until it answers. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { kind } = options;
  const port = options.port ?? (await freePort());
  const { args, cwd, probePath } = commandFor(kind);
  // e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the servers under load.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter((a) => a !== "");
  const env: NodeJS.ProcessEnv = {
    // No render browser warmed up beside the server under load (it would take the cores for its
    // first seconds); a bench may still ask for one (BENCH_OURS_ENV or its own env).
    TABLECLOTH_RENDER_WARM_UP: "false",
    ...process.env,
    HOST: "127.0.0.1",
    PORT: String(port),
    LOG_LEVEL: "warn",
    NODE_ENV: "production",
    ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
    ...options.env,
    ...(kind === "ours" ? oursEnvOverrides() : {}),
  };
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  child.once("exit", () => live.delete(child));
  const lines: string[] = [];
  const keep = (chunk: Buffer): void => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (line.trim() === "") continue;
      lines.push(line.length > 400 ? `${line.slice(0, 400)}…` : line);
      if (lines.length > OUTPUT_LINES_KEPT) lines.shift();
    }
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  // BENCH_SERVER_OUTPUT_DIR=<dir>: every line each server prints, whole, in <dir>/<kind>-<pid>.log
  // (with BENCH_NODE_ARGS="--trace-gc", to line its GC pauses up with a latency tail).
  const outputDir = process.env.BENCH_SERVER_OUTPUT_DIR;
  if (outputDir && child.pid !== undefined) {
    const file = createWriteStream(join(outputDir, `${kind}-${child.pid}.log`));
    child.stdout?.pipe(file, { end: false });
    child.stderr?.pipe(file, { end: false });
    child.once("close", () => file.end());
  }
  const exited = new Promise<number | null>((resolveExit) => {
    child.once("exit", (code) => resolveExit(code));
  });
  const recentOutput = (): string => lines.join("\n");
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not spawn ${kind} server`);
  const httpBase = `http://127.0.0.1:${port}`;
  const server: RunningServer = {
    kind,
    pid,
    port,
    httpBase,
    probeUrl: `${httpBase}${probePath}`,
    syncUrl(docName, token) {
      const path = kind === "ours" ? `/sync/${docName}` : `/${docName}`;
      const query = token ? `?token=${encodeURIComponent(token)}` : "";
      return `ws://127.0.0.1:${port}${path}${query}`;
    },
    cpuMs: () => readProcessCpuMs(pid),
    peakRssMb: () => readPeakRssMb(pid),
    recentOutput,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  try {
    await waitReady(child, `${httpBase}${probePath}`, recentOutput);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

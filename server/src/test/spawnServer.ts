import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { withTimeout } from "./waitFor";

const serverDir = fileURLToPath(new URL("../..", import.meta.url));
const repoDir = fileURLToPath(new URL("../../..", import.meta.url));

export interface SpawnedServer {
  child: ChildProcess;
  url: string;
  port: number;
  /** Every stdout line the child wrote, parsed when it was JSON. */
  lines: Array<Record<string, unknown>>;
  /** Settles with the exit code and signal once the child exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs `node --import tsx src/main.ts` as its own process on a free port, the way `pnpm start`
 * does, and resolves once it logged `listening`.
 */
export function spawnServer(
  dataDir: string,
  env: Record<string, string> = {},
  options: { listenTimeoutMs?: number } = {},
): Promise<SpawnedServer> {
  return spawnListening(process.execPath, ["--import", "tsx", "src/main.ts"], serverDir, dataDir, {
    env,
    ...options,
  });
}

/**
 * Runs the README's `pnpm start` from the repository root (client build, server build, compiled
 * server) as the leader of its own process group, as a terminal, systemd or Docker runs it, so
 * `process.kill(-child.pid, signal)` signals every process of it at once.
 */
export function spawnPnpmStart(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<SpawnedServer> {
  return spawnListening("pnpm", ["start"], repoDir, dataDir, {
    env,
    detached: true,
    // Two builds come first.
    listenTimeoutMs: 120_000,
  });
}

async function spawnListening(
  command: string,
  args: string[],
  cwd: string,
  dataDir: string,
  options: { env: Record<string, string>; detached?: boolean; listenTimeoutMs?: number },
): Promise<SpawnedServer> {
  const { env } = options;
  const child = spawn(command, args, {
    cwd,
    detached: options.detached ?? false,
    env: {
      // No render browser warmed up at start unless a test asks (`renderWarmUp.test.ts`).
      TABLECLOTH_RENDER_WARM_UP: "false",
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: Array<Record<string, unknown>> = [];
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const listening = new Promise<{ url: string; port: number }>((resolve, reject) => {
    let buffered = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      buffered += chunk;
      let newline = buffered.indexOf("\n");
      while (newline !== -1) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf("\n");
        try {
          const record = JSON.parse(line) as Record<string, unknown>;
          lines.push(record);
          if (record.msg === "listening") {
            resolve({ url: String(record.url), port: Number(record.port) });
          }
        } catch {
          lines.push({ raw: line });
        }
      }
    });
    exited.then(({ code, signal }) =>
      reject(
        new Error(`server exited (code ${code}, signal ${signal}) before listening:\n${stderr}`),
      ),
    );
  });
  try {
    const { url, port } = await withTimeout(
      listening,
      options.listenTimeoutMs ?? 20_000,
      "the server process to listen",
    );
    return { child, url, port, lines, exited };
  } catch (error) {
    if (options.detached === true && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    else child.kill("SIGKILL");
    throw error;
  }
}

import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { withTimeout } from "./waitFor";

const serverDir = fileURLToPath(new URL("../..", import.meta.url));

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
export async function spawnServer(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<SpawnedServer> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: serverDir,
    env: {
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
    const { url, port } = await withTimeout(listening, 20_000, "the server process to listen");
    return { child, url, port, lines, exited };
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
}

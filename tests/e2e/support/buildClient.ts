import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { CLIENT_DIR, REPO_ROOT } from "./paths";

/** Everything the client bundle is built from. */
const SOURCES = [
  join(CLIENT_DIR, "src"),
  join(CLIENT_DIR, "index.html"),
  join(CLIENT_DIR, "vite.config.ts"),
  join(CLIENT_DIR, "vite"),
  join(CLIENT_DIR, "package.json"),
  join(REPO_ROOT, "packages", "protocol", "src"),
  join(REPO_ROOT, "packages", "tldraw-yjs", "src"),
  join(REPO_ROOT, "pnpm-lock.yaml"),
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry === "dist") continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Builds `client/dist` when it is missing or older than any of its sources. */
export function buildClientIfStale(): void {
  const built = join(CLIENT_DIR, "dist", "index.html");
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  const sourcesAt = Math.max(...SOURCES.map(newestMtime));
  if (builtAt > sourcesAt) return;
  process.stdout.write("e2e: building the client (dist is missing or stale)…\n");
  try {
    execFileSync("pnpm", ["--filter", "@tablecloth/client", "build"], {
      cwd: REPO_ROOT,
      stdio: "pipe",
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    process.stderr.write(`${stdout?.toString() ?? ""}${stderr?.toString() ?? ""}`);
    throw new Error("building the client failed (output above)");
  }
}

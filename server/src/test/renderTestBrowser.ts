import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SYSTEM_CHROMIUM_PATHS } from "../export/resolveRenderBrowser";

/** What the render tests need: a system Chromium and the built client (its `/render` page). */
export interface RenderTestBrowser {
  /** The Chromium found, or undefined. */
  chromium: string | undefined;
  /** The built client the render page comes from. */
  clientDist: string;
  /** Why the render tests skip here, or null when they run. */
  skipReason: string | null;
}

/**
 * Finds Chromium and the built client for the test file `testName`. Where the environment must be
 * complete (`.ci/run` sets `TABLECLOTH_REQUIRE_SERVICES=1`), a missing browser or build throws
 * instead of skipping; elsewhere the file says why it skips.
 */
export function renderTestBrowser(testName: string): RenderTestBrowser {
  const chromium = SYSTEM_CHROMIUM_PATHS.find((p) => existsSync(p));
  const clientDist = fileURLToPath(new URL("../../../client/dist", import.meta.url));
  const skipReason =
    chromium === undefined
      ? `no Chromium at ${SYSTEM_CHROMIUM_PATHS.join(", ")}`
      : existsSync(`${clientDist}/index.html`)
        ? null
        : "the client is not built (run pnpm build)";
  if (skipReason && process.env.TABLECLOTH_REQUIRE_SERVICES === "1") {
    throw new Error(`${testName}: TABLECLOTH_REQUIRE_SERVICES=1 but ${skipReason}`);
  }
  if (skipReason) console.warn(`${testName} skipped: ${skipReason}`);
  return { chromium, clientDist, skipReason };
}

/** Live processes under `root` (this process by default) whose name says Chromium, from /proc. */
export function chromiumUnder(root: number = process.pid): number[] {
  const parents = new Map<number, number>();
  const names = new Map<number, string>();
  for (const name of readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      parents.set(pid, Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
      names.set(pid, stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")));
    } catch {}
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [pid, p] of parents) {
      if (p !== parent) continue;
      if (/chrom/i.test(names.get(pid) ?? "")) found.push(pid);
      walk(pid);
    }
  };
  walk(root);
  return found;
}

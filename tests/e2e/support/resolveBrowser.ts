import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "@playwright/test";

/** Debian's Chromium; Playwright cannot download its own browsers on every machine. */
const SYSTEM_CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** Flags that keep a system Chromium quiet: no background calls home, no component updates. */
const QUIET_FLAGS = [
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--disable-dev-shm-usage",
];

export interface BrowserChoice {
  executablePath: string | undefined;
  args: string[];
  source: "system" | "playwright";
}

/**
 * Debian's /usr/bin/chromium when present, otherwise Playwright's own Chromium, installed on
 * first use with Playwright's own installer.
 */
export function resolveBrowser(): BrowserChoice {
  const args = [...QUIET_FLAGS];
  // Chromium refuses its sandbox as root (CI containers run as root).
  if (process.getuid?.() === 0) args.push("--no-sandbox");
  const system = SYSTEM_CHROMIUM.find((path) => existsSync(path));
  if (system) return { executablePath: system, args, source: "system" };
  if (!existsSync(chromium.executablePath())) {
    const require = createRequire(import.meta.url);
    const cli = require.resolve("@playwright/test/cli");
    execFileSync(process.execPath, [cli, "install", "chromium"], { stdio: "inherit" });
  }
  return { executablePath: undefined, args, source: "playwright" };
}

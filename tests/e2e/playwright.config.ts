import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { defineConfig } from "@playwright/test";
import { resolveBrowser } from "./support/resolveBrowser";

const browser = resolveBrowser();
const checkoutTag = createHash("sha256")
  .update(resolve(import.meta.dirname))
  .digest("hex")
  .slice(0, 8);

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  globalSetup: "./globalSetup.ts",
  // Two cores are shared by everything: one worker, so timings mean something.
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: "list",
  // Traces and screenshots of failures, outside the work tree; one folder per checkout, since
  // Playwright empties it at the start of a run (two checkouts testing at once lost each other's).
  outputDir: join(tmpdir(), `tablecloth-e2e-results-${checkoutTag}`),
  use: {
    browserName: "chromium",
    launchOptions: { executablePath: browser.executablePath, args: browser.args },
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
});

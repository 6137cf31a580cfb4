import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { chromiumUnder, renderTestBrowser } from "./renderTestBrowser";
import { type SpawnedServer, spawnServer } from "./spawnServer";
import { makeTempDir, removeDir } from "./testServer";
import { waitUntil, withTimeout } from "./waitFor";

/**
 * `TABLECLOTH_RENDER_WARM_UP` in the shipped `main`: the server listens and answers `/healthz`
 * without waiting for the render browser, logs "render browser warm" once its warm-up (Chromium,
 * the render page, a small PATH poster) is done, and SIGTERM or SIGINT still flush and exit 0
 * with every Chromium process of it gone. Needs a Chromium and the built client, like
 * `exportRender.test.ts`.
 */
const { chromium, skipReason } = renderTestBrowser("renderWarmUp.test");

/** Whether `pid` is still a live process (not gone, not a zombie). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

const dirs: string[] = [];
const children: SpawnedServer[] = [];
afterAll(async () => {
  for (const spawned of children) spawned.child.kill("SIGKILL");
  await Promise.all(children.map((spawned) => spawned.exited));
  await Promise.all(dirs.map(removeDir));
});

/** The shipped `main` with the warm-up on and this machine's Chromium, on a fresh data dir. */
async function spawnWarmingServer(): Promise<SpawnedServer> {
  const dataDir = await makeTempDir();
  dirs.push(dataDir);
  const spawned = await spawnServer(dataDir, {
    TABLECLOTH_RENDER_WARM_UP: "true",
    TABLECLOTH_RENDER_BROWSER: chromium ?? "none",
  });
  children.push(spawned);
  return spawned;
}

describe.skipIf(skipReason !== null)("the render browser's warm-up at server start", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`does not hold up the start, says when it is warm, and ${signal} ends it`, async () => {
      const spawned = await spawnWarmingServer();
      const pid = spawned.child.pid ?? -1;
      // Listening, and healthy, before the browser is warm (its page takes seconds to load).
      const health = await fetch(`${spawned.url}/healthz`);
      expect(health.status).toBe(200);
      const warmAt = () => spawned.lines.findIndex((line) => line.msg === "render browser warm");
      expect(warmAt()).toBe(-1);
      await waitUntil(() => warmAt() !== -1, "the warm-up to finish", 90_000);
      const warm = spawned.lines[warmAt()] ?? {};
      expect(warmAt()).toBeGreaterThan(spawned.lines.findIndex((l) => l.msg === "listening"));
      expect(warm).toMatchObject({ ok: true });
      expect(Number(warm.boardMs)).toBeGreaterThan(0);
      const browsers = chromiumUnder(pid);
      expect(browsers.length).toBeGreaterThan(0);

      spawned.child.kill(signal);
      const exit = await withTimeout(spawned.exited, 20_000, `the server to exit after ${signal}`);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(spawned.lines.some((line) => line.msg === "shut down")).toBe(true);
      // Chromium was closed by the server, not orphaned.
      await waitUntil(
        () => !browsers.some(alive),
        "the server's Chromium processes to exit",
        10_000,
      );
    }, 150_000);
  }

  it("a signal during the warm-up still exits 0 and leaves no Chromium", async () => {
    const spawned = await spawnWarmingServer();
    const pid = spawned.child.pid ?? -1;
    await waitUntil(() => chromiumUnder(pid).length > 0, "Chromium to start", 60_000);
    const browsers = chromiumUnder(pid);
    spawned.child.kill("SIGTERM");
    const exit = await withTimeout(spawned.exited, 20_000, "the server to exit after SIGTERM");
    expect(exit).toEqual({ code: 0, signal: null });
    expect(spawned.lines.some((line) => line.msg === "render browser warm")).toBe(false);
    await waitUntil(() => !browsers.some(alive), "the server's Chromium processes to exit", 10_000);
  }, 150_000);
});

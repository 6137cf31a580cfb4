import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { CLIENT_DIR } from "../../../e2e/support/paths";
import { resolveBrowser } from "../../../e2e/support/resolveBrowser";
import { startServer } from "../../../e2e/support/startServer";
import { EDITOR, fillBoard, openBoard, waitForEditor, waitForShapes } from "../pages";
import { seedEvent } from "../seedEvent";

const shapes = 2000;
const server = await startServer({ TABLECLOTH_CLIENT_DIST: process.env.DIST ?? join(CLIENT_DIR, "dist") });
const choice = resolveBrowser();
const browser = await chromium.launch({ executablePath: choice.executablePath, args: choice.args });
try {
  const seeded = await seedEvent(server.url, 2);
  const [w, r] = seeded.participants;
  if (!w || !r) throw new Error("x");
  const filler = await openBoard(browser, server.url, w, seeded.board.id);
  await waitForEditor(filler.page);
  await fillBoard(filler.page, shapes);
  await waitForShapes(filler.page, shapes);
  await new Promise((res) => setTimeout(res, 1000));
  await filler.close();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
  const key = `tablecloth:session:${r.eventId}`;
  await context.addInitScript({ content: `localStorage.setItem(${JSON.stringify(key)}, ${JSON.stringify(JSON.stringify(r))});` });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  const t0 = Date.now();
  await page.goto(`${server.url}/e/${r.eventId}/b/${seeded.board.id}`);
  await page.waitForFunction(`document.querySelectorAll(".tl-canvas [data-shape-id]").length >= ${shapes}`, undefined, { timeout: 120000, polling: "raf" });
  const t1 = Date.now();
  const { profile } = (await cdp.send("Profiler.stop")) as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; hitCount?: number; children?: number[] }[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number } };
  console.log("load ms", t1 - t0);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] as number;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  // self time by function
  const fn = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id);
    if (!n) continue;
    const c = n.callFrame;
    const k = `${c.functionName || "(anon)"} ${c.url.split("/").pop()}:${c.lineNumber}:${c.columnNumber}`;
    fn.set(k, (fn.get(k) ?? 0) + us);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log("total sampled ms", Math.round(total / 1000));
  for (const [k, us] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(Math.round(us / 1000), k);
  // inclusive by url
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map<string, number>();
  for (const [id, us] of self) {
    const seen = new Set<string>();
    let cur: number | undefined = id;
    while (cur !== undefined) {
      const n = byId.get(cur);
      if (!n) break;
      const c = n.callFrame;
      const k = `${c.functionName || "(anon)"} ${c.url.split("/").pop()}:${c.lineNumber}:${c.columnNumber}`;
      if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + us); }
      cur = parent.get(cur);
    }
  }
  console.log("--- inclusive");
  for (const [k, us] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 70)) console.log(Math.round(us / 1000), k);
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}

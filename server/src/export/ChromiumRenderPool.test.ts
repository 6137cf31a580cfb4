import { createTLSchema } from "@tldraw/tlschema";
import { afterEach, describe, expect, it } from "vitest";
import { noteRecord } from "../test/cafeHarness";
import { chromiumUnder, renderTestBrowser } from "../test/renderTestBrowser";
import { waitUntil } from "../test/waitFor";
import type { RenderRequest } from "./BoardRenderer";
import { ChromiumRenderPool } from "./ChromiumBoardRenderer";

/** The shared render browser's bounds, in a real headless Chromium on the built client. */
const { chromium, clientDist, skipReason } = renderTestBrowser("ChromiumRenderPool.test");

const schema = createTLSchema().serialize();
function board(text: string): RenderRequest {
  const note = noteRecord("n", text);
  return {
    records: {
      "document:document": {
        id: "document:document",
        typeName: "document",
        gridSize: 10,
        name: "",
        meta: {},
      },
      "page:page": { id: "page:page", typeName: "page", name: "Page 1", index: "a1", meta: {} },
      [note.id]: note,
    },
    schema,
  };
}

let pool: ChromiumRenderPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

function open(options: {
  pages?: number;
  queue?: number;
  idleCloseMs?: number;
  warmUpBoard?: RenderRequest;
}) {
  pool = new ChromiumRenderPool({
    browser: chromium ?? "none",
    clientDistDir: clientDist,
    timeoutMs: 60_000,
    ...options,
  });
  return pool;
}

describe.skipIf(skipReason !== null)("ChromiumRenderPool (real Chromium)", () => {
  it("renders at most `pages` boards at once and answers busy past its queue", async () => {
    const p = open({ pages: 1, queue: 1 });
    let mostPages = 0;
    const watch = setInterval(() => {
      void p.openPages().then((n) => {
        mostPages = Math.max(mostPages, n);
      });
    }, 20);
    const results = await Promise.all([
      p.render(board("first-board")),
      p.render(board("second-board")),
      p.render(board("third-board")),
    ]);
    clearInterval(watch);
    expect(results.map((r) => r.kind)).toEqual(["rendered", "rendered", "failed"]);
    expect(results[2]).toMatchObject({ reason: expect.stringContaining("busy") });
    const first = results[0];
    expect(first?.kind === "rendered" && first.svg.includes("first-board")).toBe(true);
    const second = results[1];
    expect(second?.kind === "rendered" && second.svg.includes("second-board")).toBe(true);
    expect(mostPages).toBeLessThanOrEqual(1);
  }, 120_000);

  it("closes the browser when idle and opens it again for the next board", async () => {
    const p = open({ idleCloseMs: 200 });
    expect((await p.render(board("before-idle"))).kind).toBe("rendered");
    expect(p.browserOpen).toBe(true);
    const deadline = Date.now() + 10_000;
    while (p.browserOpen && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(p.browserOpen).toBe(false);
    const again = await p.render(board("after-idle"));
    expect(again.kind === "rendered" && again.svg.includes("after-idle")).toBe(true);
  }, 120_000);

  it("an empty board is empty, and after close nothing renders", async () => {
    const p = open({});
    const empty = board("x");
    delete empty.records["shape:n"];
    expect((await p.render(empty)).kind).toBe("empty");
    await p.close();
    expect(await p.render(board("late"))).toMatchObject({
      kind: "failed",
      reason: expect.stringContaining("shutting down"),
    });
    expect(await p.open()).toMatchObject({ ok: false });
  }, 120_000);
});

describe.skipIf(skipReason !== null)("ChromiumRenderPool.warmUp (real Chromium)", () => {
  it("opens the browser and one page and renders the warm-up board; the next board takes that page", async () => {
    const p = open({ warmUpBoard: board("warm-up-board") });
    expect(p.browserOpen).toBe(false);
    const report = await p.warmUp();
    expect(report).toMatchObject({ ok: true });
    if (!report.ok) return;
    expect(report.launchMs + report.pageMs + report.boardMs).toBeLessThanOrEqual(report.ms + 2);
    expect(report.boardMs).toBeGreaterThan(0);
    // Asked again: the same warm-up, nothing more opened.
    expect(await p.warmUp()).toBe(report);
    expect(p.browserOpen).toBe(true);
    expect(await p.openPages()).toBe(1);
    const result = await p.render(board("after-warm-up"));
    expect(result.kind === "rendered" && result.svg.includes("after-warm-up")).toBe(true);
    expect(await p.openPages()).toBe(1);
  }, 120_000);

  it("a board asked for during the warm-up waits for the warm page instead of loading another", async () => {
    const p = open({ pages: 2, warmUpBoard: board("warm-up-board") });
    const warming = p.warmUp();
    let mostPages = 0;
    const watch = setInterval(() => {
      void p.openPages().then((n) => {
        mostPages = Math.max(mostPages, n);
      });
    }, 20);
    const result = await p.render(board("during-warm-up"));
    clearInterval(watch);
    expect((await warming).ok).toBe(true);
    expect(result.kind === "rendered" && result.svg.includes("during-warm-up")).toBe(true);
    // Two slots were taken (the warm-up's and the board's), one page was ever loaded.
    expect(await p.openPages()).toBe(1);
    expect(mostPages).toBeLessThanOrEqual(2);
  }, 120_000);

  it("stays open when idle once warmed up, and close ends every Chromium process", async () => {
    const p = open({ idleCloseMs: 100, warmUpBoard: board("warm-up-board") });
    expect((await p.warmUp()).ok).toBe(true);
    expect((await p.render(board("then-idle"))).kind).toBe("rendered");
    await new Promise((r) => setTimeout(r, 600));
    expect(p.browserOpen).toBe(true);
    expect(await p.openPages()).toBe(1);
    expect(chromiumUnder().length).toBeGreaterThan(0);
    await p.close();
    expect(p.browserOpen).toBe(false);
    await waitUntil(() => chromiumUnder().length === 0, "every Chromium process to exit");
  }, 120_000);

  it("closed half-way through its warm-up, leaves no browser behind", async () => {
    const p = open({ warmUpBoard: board("warm-up-board") });
    const warming = p.warmUp();
    await waitUntil(() => chromiumUnder().length > 0, "Chromium to start", 60_000);
    await p.close();
    expect((await warming).ok).toBe(false);
    expect(p.browserOpen).toBe(false);
    await waitUntil(() => chromiumUnder().length === 0, "every Chromium process to exit");
  }, 120_000);
});

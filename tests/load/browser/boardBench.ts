/**
 * Browser benchmark of a board (issue 4): with a real server and real Chromium pages,
 * 1. a board of 2,000 shapes: time from opening the page to every shape rendered (cold: a new
 *    browser context, so nothing comes from the IndexedDB cache);
 * 2. a remote edit: time from one page changing a shape to a second page showing it, p50 and
 *    p95 over 100 edits.
 * Writes `tests/load/results/browser-<date>.json` and `tests/load/results/browser-board.md`.
 *
 *   pnpm --filter @tablecloth/tests exec tsx load/browser/boardBench.ts [--shapes N] [--edits N]
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "@playwright/test";
import { buildClientIfStale } from "../../e2e/support/buildClient";
import { resolveBrowser } from "../../e2e/support/resolveBrowser";
import { startServer } from "../../e2e/support/startServer";
import { describeMachine, machineLine } from "../lib/machine";
import { RESULTS_DIR } from "../lib/results";
import { percentile } from "./percentile";
import { type SessionRecord, seedEvent } from "./seedEvent";

interface Options {
  shapes: number;
  edits: number;
  coldLoads: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { shapes: 2_000, edits: 100, coldLoads: 3 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = Number(argv[i + 1]);
    if (flag === "--shapes") options.shapes = value;
    else if (flag === "--edits") options.edits = value;
    else if (flag === "--cold-loads") options.coldLoads = value;
    else continue;
    i++;
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${flag} takes a positive integer`);
  }
  return options;
}

/** A page signed in as `session` (as if they had joined), on the board's deep link. */
async function openBoard(
  browser: Browser,
  serverUrl: string,
  session: SessionRecord,
  boardId: string,
  options: { watchShapes?: number } = {},
): Promise<{ page: Page; openedAt: number; close: () => Promise<void> }> {
  // The bench drives pages with string scripts (the tests package has no DOM types), which the
  // app's Content-Security-Policy would refuse; the e2e tests keep the policy on.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    bypassCSP: true,
  });
  const key = `tablecloth:session:${session.eventId}`;
  await context.addInitScript({
    content: `localStorage.setItem(${JSON.stringify(key)}, ${JSON.stringify(JSON.stringify(session))});`,
  });
  if (options.watchShapes) {
    await context.addInitScript({ content: watchLoadScript(options.watchShapes) });
  }
  const page = await context.newPage();
  const openedAt = Date.now();
  await page.goto(`${serverUrl}/e/${session.eventId}/b/${boardId}`);
  return { page, openedAt, close: () => context.close() };
}

const EDITOR = "(globalThis.tableclothEditor)";

/** Epoch ms at which a cold load reached each phase. */
interface ColdLoadMarks {
  synced: number;
  editor: number;
  stored: number;
  rendered: number;
  /** From the client's User Timing marks (client/src/board/BoardCanvas.tsx). */
  canvasModule: number | null;
  editorMounted: number | null;
  bound: number | null;
}
type ColdLoadPhases = ColdLoadMarks;

/**
 * Runs in the page from its first script: checks every animation frame (so "rendered" means a
 * frame showing every shape) and resolves `benchMarks.done` once all `count` shapes are drawn.
 */
function watchLoadScript(count: number): string {
  return `(() => {
    const marks = {};
    let resolveDone;
    globalThis.benchMarks = { marks, done: new Promise((r) => { resolveDone = r; }) };
    const check = () => {
      const now = Date.now();
      const status = document.querySelector('[data-testid="connection-status"]');
      if (!marks.synced && status && status.getAttribute("data-synced") === "true") marks.synced = now;
      const editor = globalThis.tableclothEditor;
      if (!marks.editor && editor) marks.editor = now;
      if (!marks.stored && editor && editor.getCurrentPageShapeIds().size >= ${count}) marks.stored = now;
      if (marks.stored && document.querySelectorAll(".tl-canvas [data-shape-id]").length >= ${count}) {
        marks.rendered = now;
        const at = (name) => {
          const entry = performance.getEntriesByName(name)[0];
          return entry ? Math.round(performance.timeOrigin + entry.startTime) : null;
        };
        marks.canvasModule = at("tablecloth:canvas-module");
        marks.editorMounted = at("tablecloth:editor-mounted");
        marks.bound = at("tablecloth:bound");
        resolveDone(marks);
        return;
      }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })();`;
}

async function waitForEditor(page: Page): Promise<void> {
  await page.waitForFunction(`${EDITOR} !== undefined`, undefined, { timeout: 120_000 });
}

/** Creates `count` small rectangles in a grid, in batches, the way a busy table fills up. */
async function fillBoard(page: Page, count: number): Promise<void> {
  await page.evaluate(`(async () => {
    const editor = ${EDITOR};
    const columns = 50;
    for (let start = 0; start < ${count}; start += 100) {
      const batch = [];
      for (let i = start; i < Math.min(start + 100, ${count}); i++) {
        batch.push({ type: "geo", x: (i % columns) * 24, y: Math.floor(i / columns) * 24,
          props: { w: 20, h: 20 } });
      }
      editor.createShapes(batch);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })()`);
}

function renderedShapes(page: Page): Promise<number> {
  return page.locator(".tl-canvas [data-shape-id]").count();
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  buildClientIfStale();
  const server = await startServer();
  const choice = resolveBrowser();
  const browser = await chromium.launch({
    executablePath: choice.executablePath,
    args: choice.args,
  });
  try {
    const seeded = await seedEvent(server.url, 2);
    const [writerSession, readerSession] = seeded.participants;
    if (!writerSession || !readerSession) throw new Error("seeding joined too few people");

    // Fill the board from one page and wait until the server has everything: a second page
    // opened afterwards must see every shape.
    const writer = await openBoard(browser, server.url, writerSession, seeded.board.id);
    await waitForEditor(writer.page);
    await fillBoard(writer.page, options.shapes);
    const verify = await openBoard(browser, server.url, readerSession, seeded.board.id);
    await verify.page.waitForFunction(
      `${EDITOR}?.getCurrentPageShapeIds().size === ${options.shapes}`,
      undefined,
      { timeout: 120_000, polling: 100 },
    );
    await verify.close();

    const coldLoadsMs: number[] = [];
    const phases: ColdLoadPhases[] = [];
    for (let i = 0; i < options.coldLoads; i++) {
      const cold = await openBoard(browser, server.url, readerSession, seeded.board.id, {
        watchShapes: options.shapes,
      });
      const marks =
        (await cold.page.evaluate(`Promise.race([globalThis.benchMarks.done, new Promise((_, reject) =>
          setTimeout(() => reject(new Error("shapes not all rendered in 120 s")), 120000))])`)) as ColdLoadMarks;
      coldLoadsMs.push(marks.rendered - cold.openedAt);
      const since = (mark: number | null) => (mark === null ? null : mark - cold.openedAt);
      phases.push({
        synced: marks.synced - cold.openedAt,
        editor: marks.editor - cold.openedAt,
        stored: marks.stored - cold.openedAt,
        rendered: marks.rendered - cold.openedAt,
        canvasModule: since(marks.canvasModule),
        editorMounted: since(marks.editorMounted),
        bound: since(marks.bound),
      });
      if ((await renderedShapes(cold.page)) < options.shapes) throw new Error("shapes vanished");
      await cold.close();
    }

    // Remote edits: the writer moves one shape at a time; the reader notes the frame in which
    // it shows the change. Both pages share this machine's clock.
    const reader = await openBoard(browser, server.url, readerSession, seeded.board.id);
    await reader.page.waitForFunction(
      `${EDITOR}?.getCurrentPageShapeIds().size === ${options.shapes}`,
      undefined,
      { timeout: 120_000, polling: 100 },
    );
    await reader.page.evaluate(`(() => {
      const editor = ${EDITOR};
      globalThis.benchSeen = new Map();
      editor.store.listen((entry) => {
        for (const [, to] of Object.values(entry.changes.updated)) {
          const mark = to.meta && to.meta.benchEdit;
          if (typeof mark === "number" && !globalThis.benchSeen.has(mark)) {
            requestAnimationFrame(() => globalThis.benchSeen.set(mark, Date.now()));
          }
        }
      }, { source: "remote", scope: "document" });
    })()`);
    const editLatenciesMs: number[] = [];
    for (let edit = 0; edit < options.edits; edit++) {
      const sentAt = (await writer.page.evaluate(`(() => {
        const editor = ${EDITOR};
        const ids = [...editor.getCurrentPageShapeIds()];
        const shape = editor.getShape(ids[${edit} % ids.length]);
        const sentAt = Date.now();
        editor.updateShape({ id: shape.id, type: shape.type, x: shape.x + 1,
          meta: { ...shape.meta, benchEdit: ${edit} } });
        return sentAt;
      })()`)) as number;
      const seenAt = (await reader.page.evaluate(
        `new Promise((resolve, reject) => {
          const started = Date.now();
          const poll = () => {
            const seen = globalThis.benchSeen.get(${edit});
            if (seen !== undefined) resolve(seen);
            else if (Date.now() - started > 10000) reject(new Error("edit ${edit} never arrived"));
            else setTimeout(poll, 2);
          };
          poll();
        })`,
      )) as number;
      editLatenciesMs.push(seenAt - sentAt);
    }
    await reader.close();
    await writer.close();

    await saveResults(options, coldLoadsMs, phases, editLatenciesMs);
  } finally {
    await browser.close();
    await server.stop();
  }
}

function median(values: (number | null)[]): number {
  return percentile(
    values.filter((v): v is number => v !== null),
    50,
  );
}

async function saveResults(
  options: Options,
  coldLoadsMs: number[],
  phases: ColdLoadPhases[],
  editLatenciesMs: number[],
) {
  const machine = describeMachine();
  const date = new Date().toISOString();
  const result = {
    kind: "browser-board",
    date,
    machine,
    options,
    measurements: {
      coldLoadMs: { samples: coldLoadsMs, median: percentile(coldLoadsMs, 50), phases },
      remoteEditMs: {
        count: editLatenciesMs.length,
        p50: percentile(editLatenciesMs, 50),
        p95: percentile(editLatenciesMs, 95),
        max: Math.max(...editLatenciesMs),
        samples: editLatenciesMs,
      },
    },
  };
  await mkdir(RESULTS_DIR, { recursive: true });
  const jsonPath = join(RESULTS_DIR, `browser-${date.replace(/[:.]/g, "-")}.json`);
  await writeFile(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
  const ms = (value: number) => `${Math.round(value)} ms`;
  const markdown = [
    "# Browser board benchmark (latest run)",
    "",
    "Generated by `tests/load/browser/boardBench.ts`; do not edit by hand.",
    `Run ${date} on ${machineLine(machine)}.`,
    "",
    "| Measure | Value |",
    "| --- | ---: |",
    `| Open a board of ${options.shapes} shapes → all rendered (median of ${coldLoadsMs.length} cold loads) | ${ms(result.measurements.coldLoadMs.median)} |`,
    `| Cold loads | ${coldLoadsMs.map(ms).join(", ")} |`,
    `| … synced with the server (median) | ${ms(median(phases.map((p) => p.synced)))} |`,
    `| … tldraw's code loaded (median) | ${ms(median(phases.map((p) => p.canvasModule)))} |`,
    `| … editor mounted (median) | ${ms(median(phases.map((p) => p.editorMounted)))} |`,
    `| … doc bound: every shape in the store (median) | ${ms(median(phases.map((p) => p.bound)))} |`,
    `| Remote edit seen in a second browser, p50 (${editLatenciesMs.length} edits) | ${ms(result.measurements.remoteEditMs.p50)} |`,
    `| Remote edit seen in a second browser, p95 | ${ms(result.measurements.remoteEditMs.p95)} |`,
    `| Remote edit, max | ${ms(result.measurements.remoteEditMs.max)} |`,
    "",
    "A remote edit includes the binding's batching of local changes (up to 100 ms; pointer-up",
    "flushes at once), the server's relay and the second page's next frame.",
    "",
  ].join("\n");
  await writeFile(join(RESULTS_DIR, "browser-board.md"), markdown);
  process.stdout.write(`${markdown}\nJSON: ${jsonPath}\n`);
}

await main();

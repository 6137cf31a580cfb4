/**
 * Pages of the browser benchmark: a signed-in page on a board's deep link, and the scripts it
 * runs (load marks, the wire counter, filling a board). The tests package has no DOM types, so
 * page code is passed as strings.
 */
import type { Browser, Page } from "@playwright/test";
import type { SessionRecord } from "./seedEvent";

export const EDITOR = "(globalThis.tableclothEditor)";

export interface OpenedBoard {
  page: Page;
  openedAt: number;
  close: () => Promise<void>;
}

/** A page signed in as `session` (as if they had joined), on the board's deep link. */
export async function openBoard(
  browser: Browser,
  serverUrl: string,
  session: SessionRecord,
  boardId: string,
  options: { watchShapes?: number; countWire?: boolean } = {},
): Promise<OpenedBoard> {
  // The bench drives pages with string scripts, which the app's Content-Security-Policy would
  // refuse; the e2e tests keep the policy on.
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
  if (options.countWire) await context.addInitScript({ content: WIRE_COUNTER_SCRIPT });
  const page = await context.newPage();
  const openedAt = Date.now();
  await page.goto(`${serverUrl}/e/${session.eventId}/b/${boardId}`);
  return { page, openedAt, close: () => context.close() };
}

/** Epoch ms at which a cold load reached each phase. */
export interface ColdLoadMarks {
  synced: number;
  editor: number;
  stored: number;
  rendered: number;
  /** From the client's User Timing marks (client/src/board/BoardCanvas.tsx). */
  canvasModule: number | null;
  editorMounted: number | null;
  bound: number | null;
}

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

/**
 * Notes the time (`performance.now()`) of every Yjs update message the page sends: y-websocket
 * sends one message per local Yjs transaction, `[0 = sync, 2 = update, …]`. It only watches.
 */
const WIRE_COUNTER_SCRIPT = `(() => {
  const updates = [];
  globalThis.benchWire = { updates };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    const bytes = data instanceof Uint8Array ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : null;
    if (bytes && bytes.length > 1 && bytes[0] === 0 && bytes[1] === 2) updates.push(performance.now());
    return send.call(this, data);
  };
})();`;

export async function waitForEditor(page: Page): Promise<void> {
  await page.waitForFunction(`${EDITOR} !== undefined`, undefined, { timeout: 120_000 });
}

export async function waitForShapes(page: Page, count: number): Promise<void> {
  await page.waitForFunction(`${EDITOR}?.getCurrentPageShapeIds().size === ${count}`, undefined, {
    timeout: 120_000,
    polling: 100,
  });
}

/** Creates `count` small rectangles in a grid, in batches, the way a busy table fills up. */
export async function fillBoard(page: Page, count: number): Promise<void> {
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

export function renderedShapes(page: Page): Promise<number> {
  return page.locator(".tl-canvas [data-shape-id]").count();
}

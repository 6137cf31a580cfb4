import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { sniffContentType } from "../uploads/sniffContentType";
import type { BoardRenderer, OpenRenderer, RenderRequest, RenderResult } from "./BoardRenderer";
import { resolveRenderBrowser } from "./resolveRenderBrowser";

/**
 * The origin the render page is served at inside the headless browser. Requests to it are
 * answered from the built client on disk; every other request is aborted, so a render never
 * fetches anything from anywhere (fonts and icons are the client's own files, uploaded images
 * are read from the server's own upload folder).
 */
const RENDER_ORIGIN = "http://tablecloth-render.invalid";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
};

/** Flags that keep Chromium quiet: no background calls home, no component updates. */
const QUIET_FLAGS = [
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-dev-shm-usage",
];

interface PageAnswer {
  ok: boolean;
  empty?: boolean;
  svg?: string;
  pngBase64?: string;
  error?: string;
  skipped?: number;
  timings?: Record<string, number>;
  styleMemo?: { reads: number; computed: number };
  stamps?: { stamped: number; stamps: number };
}

/** Uploads as the client names them (`/api/uploads/<sha256>`), served from the upload folder. */
const UPLOAD_PATH = /^\/api\/uploads\/([0-9a-f]{64})$/;

/** How long the shared browser stays open with nothing to render. */
export const RENDER_IDLE_CLOSE_MS = 30_000;

/** The client file a render-origin path names; the SPA's index.html for routes. */
function fileOf(clientDistDir: string, pathname: string): string {
  const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, "");
  const path = join(clientDistDir, relative);
  if (!path.startsWith(clientDistDir + sep) || !extname(path)) {
    return join(clientDistDir, "index.html");
  }
  return path;
}

function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
}

export interface ChromiumRendererOptions {
  /** `TABLECLOTH_RENDER_BROWSER`: `auto`, `none` or a path. */
  browser: string;
  clientDistDir: string;
  /** `<DATA_DIR>/uploads`: images the boards show are read from here. None when absent. */
  uploadsDir?: string;
  /** Longest one board may take (and the render page may take to load). */
  timeoutMs: number;
  /** `TABLECLOTH_RENDER_PAGES`: boards rendered at once. Default 2. */
  pages?: number;
  /** `TABLECLOTH_RENDER_QUEUE`: renders waiting for a page; more are answered "busy". Default 256. */
  queue?: number;
  /** How long the browser stays open when idle. Default {@link RENDER_IDLE_CLOSE_MS}. */
  idleCloseMs?: number;
  /**
   * A board {@link ChromiumRenderPool.warmUp} renders once on the page it keeps warm (a PATH
   * poster's A0 sheet with its template, see `warmUpPoster.ts`), so that the first real board
   * does not pay for what Chromium and tldraw do only the first time at that size.
   */
  warmUpBoard?: RenderRequest;
}

/**
 * What a warm-up did, with where its time went (ms): starting Chromium, opening the render page
 * (which warms up on a few notes of its own before it says it is ready), rendering the warm-up
 * board. `ok: false` says why not; renders then start the browser themselves as before.
 */
export type WarmUpReport =
  | { ok: true; ms: number; launchMs: number; pageMs: number; boardMs: number }
  | { ok: false; ms: number; reason: string };

interface Running {
  browser: Browser;
  context: BrowserContext;
  /** Pages with the render page loaded, free for the next board. */
  idle: Page[];
}

/**
 * One headless Chromium shared by every export and every round-end picture of the server,
 * rendering boards through the built client's `/render` page with tldraw's own exporter
 * (`getSvgElement`, the SVG compacted, then drawn to a PNG by the browser): real pictures, fonts
 * embedded. Bounded: at most `pages` pages
 * render at once, at most `queue` renders wait, each render has `timeoutMs` (a page that overran
 * is closed, never reused), and the browser closes after `idleCloseMs` without work. Without a
 * browser or a built client `open` says why, and exports go on without pictures.
 */
export class ChromiumRenderPool {
  private running: Promise<Running> | null = null;
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  /** The warm-up under way or done; once asked for, the browser and one page stay open. */
  private warming: Promise<WarmUpReport> | null = null;
  private readonly pages: number;
  private readonly queue: number;
  private readonly idleCloseMs: number;

  constructor(private readonly options: ChromiumRendererOptions) {
    this.pages = Math.max(1, options.pages ?? 2);
    this.queue = Math.max(0, options.queue ?? 256);
    this.idleCloseMs = options.idleCloseMs ?? RENDER_IDLE_CLOSE_MS;
  }

  /** Pages open now (idle ones included); for tests and metrics. */
  async openPages(): Promise<number> {
    if (this.running === null) return this.active;
    const running = await this.running.catch(() => null);
    return (running?.idle.length ?? 0) + this.active;
  }

  /** Whether the shared browser is running now. */
  get browserOpen(): boolean {
    return this.running !== null;
  }

  /** The export-facing interface: a renderer whose `close` leaves the shared browser be. */
  readonly open: OpenRenderer = async () => {
    const ready = await this.ensureRunning();
    if (!ready.ok) return ready;
    const renderer: BoardRenderer = {
      render: (request) => this.render(request),
      close: async () => {},
    };
    return { ok: true, renderer };
  };

  /** Whether a warm-up was asked for and has finished, whatever it gave. */
  get warm(): Promise<WarmUpReport> | null {
    return this.warming;
  }

  /**
   * Starts Chromium, opens the render page and renders the warm-up board on it once, then keeps
   * that browser and page open for the next board (never closed for idleness; {@link close}
   * closes them). For a server start, in the background: the first export then finds a warm
   * page instead of paying the browser's start, the page's load and its first big render (on
   * this 2-core machine about 6 s of a cold 1,000-note poster's 13 s). Holds a page slot like a
   * render; a board asked for meanwhile waits for this page rather than load a second one beside
   * it. Asked again, answers the same warm-up.
   */
  warmUp(): Promise<WarmUpReport> {
    this.warming ??= this.runWarmUp();
    return this.warming;
  }

  private async runWarmUp(): Promise<WarmUpReport> {
    const started = performance.now();
    const since = () => Math.round(performance.now() - started);
    if (!(await this.takeSlot())) {
      return { ok: false, ms: since(), reason: "the renderer is busy or shutting down" };
    }
    this.cancelIdleClose();
    let page: Page | null = null;
    let healthy = false;
    try {
      const ready = await this.ensureRunning();
      if (!ready.ok) return { ok: false, ms: since(), reason: ready.reason };
      const running = await this.running;
      if (!running) return { ok: false, ms: since(), reason: "the renderer closed" };
      const launchMs = since();
      page = running.idle.pop() ?? (await this.newPage(running));
      const pageMs = since() - launchMs;
      healthy = true;
      const board = this.options.warmUpBoard;
      if (board) {
        const answer = await this.evaluate(page, board);
        healthy = answer.timedOut !== true;
        if (!answer.ok) {
          return { ok: false, ms: since(), reason: answer.error ?? "the warm-up board failed" };
        }
      }
      const boardMs = since() - launchMs - pageMs;
      return { ok: true, ms: since(), launchMs, pageMs, boardMs };
    } catch (error) {
      return { ok: false, ms: since(), reason: firstLine(error) };
    } finally {
      await this.release(page, healthy);
    }
  }

  /** A page slot: at once, after waiting in the queue, or false (busy, or shutting down). */
  private async takeSlot(): Promise<boolean> {
    if (this.closed) return false;
    if (this.active < this.pages) this.active++;
    else if (this.waiting.length >= this.queue) return false;
    else {
      // A finishing render hands its slot over: `active` stays as it is.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    return true;
  }

  /** Renders one board, waiting for a free page (or answering "busy" past the queue). */
  async render(request: RenderRequest): Promise<RenderResult> {
    if (this.closed) return { kind: "failed", reason: "the server is shutting down" };
    // Only a warm-up begun before this render: one asked for later may wait for our slot.
    const warming = this.warming;
    if (!(await this.takeSlot())) {
      return { kind: "failed", reason: "the renderer is busy (TABLECLOTH_RENDER_QUEUE)" };
    }
    this.cancelIdleClose();
    let page: Page | null = null;
    let healthy = false;
    try {
      // The warm page is on its way: wait for it rather than load another beside it.
      await warming;
      const ready = await this.ensureRunning();
      if (!ready.ok) return { kind: "failed", reason: ready.reason };
      const running = await this.running;
      if (!running) return { kind: "failed", reason: "the renderer closed" };
      page = running.idle.pop() ?? (await this.newPage(running));
      const answer = await this.evaluate(page, request);
      healthy = answer.timedOut !== true;
      if (!answer.ok) return { kind: "failed", reason: answer.error ?? "unknown error" };
      const skipped = typeof answer.skipped === "number" ? answer.skipped : 0;
      if (answer.empty || answer.svg === undefined || answer.pngBase64 === undefined) {
        return { kind: "empty", skipped };
      }
      return {
        kind: "rendered",
        svg: answer.svg,
        png: new Uint8Array(Buffer.from(answer.pngBase64, "base64")),
        skipped,
        ...(answer.timings ? { timings: answer.timings } : {}),
        ...(answer.styleMemo ? { styleMemo: answer.styleMemo } : {}),
        ...(answer.stamps ? { stamps: answer.stamps } : {}),
      };
    } catch (error) {
      return { kind: "failed", reason: firstLine(error) };
    } finally {
      await this.release(page, healthy);
    }
  }

  /** Closes the browser; renders after this fail. */
  async close(): Promise<void> {
    this.closed = true;
    this.cancelIdleClose();
    // Each woken render holds a slot of its own until it fails and releases it.
    for (const wake of this.waiting.splice(0)) {
      this.active++;
      wake();
    }
    await this.shutBrowser();
    // A warm-up caught half-way fails on the closed browser; nothing of it is left open.
    await this.warming;
  }

  private async evaluate(
    page: Page,
    request: RenderRequest,
  ): Promise<PageAnswer & { timedOut?: boolean }> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<PageAnswer & { timedOut: boolean }>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            ok: false,
            timedOut: true,
            error: `took longer than ${this.options.timeoutMs} ms`,
          }),
        this.options.timeoutMs,
      );
    });
    try {
      return await Promise.race([
        page.evaluate(async (input) => {
          const render = (globalThis as { tableclothRender?: (i: unknown) => Promise<unknown> })
            .tableclothRender;
          if (!render) return { ok: false, error: "the render page is not ready" };
          return (await render(input)) as PageAnswer;
        }, request) as Promise<PageAnswer>,
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async release(page: Page | null, healthy: boolean): Promise<void> {
    if (page) {
      const running = this.running ? await this.running.catch(() => null) : null;
      if (healthy && running && !this.closed && !page.isClosed()) running.idle.push(page);
      else await page.close().catch(() => {});
    }
    const next = this.waiting.shift();
    if (next) next();
    else {
      this.active--;
      if (this.active === 0) this.scheduleIdleClose();
    }
  }

  private scheduleIdleClose(): void {
    this.cancelIdleClose();
    if (this.closed || this.running === null) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.active !== 0 || this.waiting.length !== 0) return;
      if (this.warming === null) void this.shutBrowser();
      else void this.keepOneWarmPage();
    }, this.idleCloseMs);
    this.idleTimer.unref?.();
  }

  private cancelIdleClose(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  /** Idle and kept warm: the browser stays, with one page; pages opened for a rush close. */
  private async keepOneWarmPage(): Promise<void> {
    const running = this.running ? await this.running.catch(() => null) : null;
    if (!running) return;
    for (const page of running.idle.splice(1)) await page.close().catch(() => {});
  }

  private async shutBrowser(): Promise<void> {
    const running = this.running;
    this.running = null;
    if (!running) return;
    const opened = await running.catch(() => null);
    await opened?.browser.close().catch(() => {});
  }

  private async ensureRunning(): Promise<{ ok: true } | { ok: false; reason: string }> {
    if (this.closed) return { ok: false, reason: "the server is shutting down" };
    const browser = resolveRenderBrowser(this.options.browser);
    if (browser.path === null) return { ok: false, reason: browser.reason };
    if (!existsSync(join(this.options.clientDistDir, "index.html"))) {
      return { ok: false, reason: "the web client is not built (pnpm build)" };
    }
    if (this.running === null) {
      const launching = this.launch(browser.path);
      this.running = launching;
      // A failed launch is not kept: the next export tries again.
      launching.catch(() => {
        if (this.running === launching) this.running = null;
      });
    }
    try {
      await this.running;
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: firstLine(error) };
    }
  }

  private async launch(executablePath: string): Promise<Running> {
    const { chromium } = await import("playwright-core");
    const args = [...QUIET_FLAGS];
    // Chromium refuses its sandbox as root (containers run as root).
    if (process.getuid?.() === 0) args.push("--no-sandbox");
    let browser: Browser;
    try {
      browser = await chromium.launch({
        executablePath,
        args,
        timeout: this.options.timeoutMs,
        // The server's own shutdown closes the browser (`close`) after flushing every doc.
        // Playwright's handlers would race it, and its SIGINT one exits the process with 130
        // before the flush (a Ctrl-C with the browser open lost the last writes).
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
    } catch (error) {
      throw new Error(`Chromium at ${executablePath} did not start: ${firstLine(error)}`);
    }
    try {
      const context = await browser.newContext({
        serviceWorkers: "block",
        viewport: { width: 1280, height: 900 },
      });
      await context.route("**/*", async (route) => {
        const url = new URL(route.request().url());
        if (url.origin !== RENDER_ORIGIN) return route.abort("blockedbyclient");
        try {
          const upload = UPLOAD_PATH.exec(url.pathname);
          if (upload) {
            if (!this.options.uploadsDir) return route.fulfill({ status: 404, body: "" });
            const body = await readFile(join(this.options.uploadsDir, upload[1] ?? ""));
            const contentType = sniffContentType(body) ?? "application/octet-stream";
            return route.fulfill({ status: 200, body, contentType });
          }
          const path = fileOf(this.options.clientDistDir, url.pathname);
          const body = await readFile(path);
          const contentType = CONTENT_TYPES[extname(path)] ?? "application/octet-stream";
          return route.fulfill({ status: 200, body, contentType });
        } catch {
          return route.fulfill({ status: 404, body: "" });
        }
      });
      const running: Running = { browser, context, idle: [] };
      browser.on("disconnected", () => {
        // A crashed browser is forgotten; the next render launches a fresh one.
        void this.running?.then((r) => {
          if (r === running) this.running = null;
        });
      });
      return running;
    } catch (error) {
      await browser.close().catch(() => {});
      throw new Error(`the render browser did not start: ${firstLine(error)}`);
    }
  }

  private async newPage(running: Running): Promise<Page> {
    const page = await running.context.newPage();
    try {
      await page.goto(`${RENDER_ORIGIN}/render`, { timeout: this.options.timeoutMs });
      await page.waitForFunction(
        () => (globalThis as { tableclothRender?: unknown }).tableclothRender !== undefined,
        undefined,
        { timeout: this.options.timeoutMs },
      );
      return page;
    } catch (error) {
      await page.close().catch(() => {});
      throw new Error(`the render page did not load: ${firstLine(error)}`);
    }
  }
}

/**
 * An {@link OpenRenderer} over a fresh {@link ChromiumRenderPool}. Kept for callers that want
 * just the opener; the server shares one pool (see `tableclothExtensions`).
 */
export function chromiumRenderer(options: ChromiumRendererOptions): OpenRenderer {
  return new ChromiumRenderPool(options).open;
}

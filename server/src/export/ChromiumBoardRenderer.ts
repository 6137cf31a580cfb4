import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import type { Browser, Page } from "playwright-core";
import type { BoardRenderer, OpenRenderer, RenderRequest, RenderResult } from "./BoardRenderer";
import { resolveRenderBrowser } from "./resolveRenderBrowser";

/**
 * The origin the render page is served at inside the headless browser. Requests to it are
 * answered from the built client on disk; every other request is aborted, so a render never
 * fetches anything from anywhere (fonts and icons are the client's own files).
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
}

class ChromiumBoardRenderer implements BoardRenderer {
  constructor(
    private readonly browser: Browser,
    private readonly page: Page,
    private readonly timeoutMs: number,
  ) {}

  async render(request: RenderRequest): Promise<RenderResult> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<PageAnswer>((resolve) => {
      timer = setTimeout(
        () => resolve({ ok: false, error: `took longer than ${this.timeoutMs} ms` }),
        this.timeoutMs,
      );
    });
    try {
      const answer = await Promise.race([
        this.page.evaluate(async (input) => {
          const render = (globalThis as { tableclothRender?: (i: unknown) => Promise<unknown> })
            .tableclothRender;
          if (!render) return { ok: false, error: "the render page is not ready" };
          return (await render(input)) as PageAnswer;
        }, request) as Promise<PageAnswer>,
        timeout,
      ]);
      if (!answer.ok) return { kind: "failed", reason: answer.error ?? "unknown error" };
      if (answer.empty || answer.svg === undefined || answer.pngBase64 === undefined) {
        return { kind: "empty" };
      }
      return {
        kind: "rendered",
        svg: answer.svg,
        png: new Uint8Array(Buffer.from(answer.pngBase64, "base64")),
      };
    } catch (error) {
      return { kind: "failed", reason: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/** The client file a render-origin path names; the SPA's index.html for routes. */
function fileOf(clientDistDir: string, pathname: string): string {
  const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, "");
  const path = join(clientDistDir, relative);
  if (!path.startsWith(clientDistDir + sep) || !extname(path)) {
    return join(clientDistDir, "index.html");
  }
  return path;
}

export interface ChromiumRendererOptions {
  /** `TABLECLOTH_RENDER_BROWSER`: `auto`, `none` or a path. */
  browser: string;
  clientDistDir: string;
  /** Longest one board may take. */
  timeoutMs: number;
}

/**
 * Renders boards in a headless Chromium through the built client's `/render` page, with
 * tldraw's own exporter (`getSvgString`, `toImage`): real pictures, fonts embedded. Opens one
 * browser per export. Without a browser or a built client it says why, and the export goes on
 * without pictures.
 */
export function chromiumRenderer(options: ChromiumRendererOptions): OpenRenderer {
  return async () => {
    const browser = resolveRenderBrowser(options.browser);
    if (browser.path === null) return { ok: false, reason: browser.reason };
    if (!existsSync(join(options.clientDistDir, "index.html"))) {
      return { ok: false, reason: "the web client is not built (pnpm build)" };
    }
    const { chromium } = await import("playwright-core");
    const args = [...QUIET_FLAGS];
    // Chromium refuses its sandbox as root (containers run as root).
    if (process.getuid?.() === 0) args.push("--no-sandbox");
    let launched: Browser;
    try {
      launched = await chromium.launch({ executablePath: browser.path, args });
    } catch (error) {
      return {
        ok: false,
        reason: `Chromium at ${browser.path} did not start: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
      };
    }
    try {
      const context = await launched.newContext({
        serviceWorkers: "block",
        viewport: { width: 1280, height: 900 },
      });
      await context.route("**/*", async (route) => {
        const url = new URL(route.request().url());
        if (url.origin !== RENDER_ORIGIN) return route.abort("blockedbyclient");
        try {
          const path = fileOf(options.clientDistDir, url.pathname);
          const body = await readFile(path);
          const contentType = CONTENT_TYPES[extname(path)] ?? "application/octet-stream";
          return route.fulfill({ status: 200, body, contentType });
        } catch {
          return route.fulfill({ status: 404, body: "" });
        }
      });
      const page = await context.newPage();
      await page.goto(`${RENDER_ORIGIN}/render`, { timeout: options.timeoutMs });
      await page.waitForFunction(
        () => (globalThis as { tableclothRender?: unknown }).tableclothRender !== undefined,
        undefined,
        { timeout: options.timeoutMs },
      );
      return { ok: true, renderer: new ChromiumBoardRenderer(launched, page, options.timeoutMs) };
    } catch (error) {
      await launched.close().catch(() => {});
      return {
        ok: false,
        reason: `the render page did not load: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
      };
    }
  };
}

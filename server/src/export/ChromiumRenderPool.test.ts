import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createTLSchema } from "@tldraw/tlschema";
import { afterEach, describe, expect, it } from "vitest";
import { noteRecord } from "../test/cafeHarness";
import type { RenderRequest } from "./BoardRenderer";
import { ChromiumRenderPool } from "./ChromiumBoardRenderer";
import { SYSTEM_CHROMIUM_PATHS } from "./resolveRenderBrowser";

/** The shared render browser's bounds, in a real headless Chromium on the built client. */
const chromium = SYSTEM_CHROMIUM_PATHS.find((p) => existsSync(p));
const clientDist = fileURLToPath(new URL("../../../client/dist", import.meta.url));
const skipReason =
  chromium === undefined
    ? `no Chromium at ${SYSTEM_CHROMIUM_PATHS.join(", ")}`
    : existsSync(`${clientDist}/index.html`)
      ? null
      : "the client is not built (run pnpm build)";
// Where the test environment must be complete (.ci/run), a missing browser or build fails.
if (skipReason && process.env.TABLECLOTH_REQUIRE_SERVICES === "1") {
  throw new Error(`ChromiumRenderPool.test: TABLECLOTH_REQUIRE_SERVICES=1 but ${skipReason}`);
}
if (skipReason) console.warn(`ChromiumRenderPool.test skipped: ${skipReason}`);

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

function open(options: { pages?: number; queue?: number; idleCloseMs?: number }) {
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

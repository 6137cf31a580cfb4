import { noteSlot, PATH_STEP_IDS, pathTemplateRecords } from "@tablecloth/path";
import { noteRecord } from "@tablecloth/tldraw-yjs/server";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { POSTER_BOUNDS } from "../path/pathBoardExport";
import { renderTestBrowser } from "../test/renderTestBrowser";
import type { RenderRequest, RenderResult } from "./BoardRenderer";
import { ChromiumRenderPool } from "./ChromiumBoardRenderer";

/**
 * The render page's two shortcuts, in a real headless Chromium on the built client, against
 * tldraw doing the work itself on a varied PATH poster: label styles read once per distinct
 * context (`client/src/render/memoStyles.ts`) give the same SVG byte for byte, and note shadows
 * drawn once per distinct shadow (`client/src/render/stampShadows.ts`) give the same PNG to within
 * rounding. The PNG says 150 dpi.
 */
const { chromium, clientDist, skipReason } = renderTestBrowser("renderShortcuts.test");

const COLORS = [
  "black",
  "grey",
  "light-violet",
  "violet",
  "blue",
  "light-blue",
  "yellow",
  "orange",
  "green",
  "light-green",
  "light-red",
  "red",
  "white",
] as const;
const FONTS = ["draw", "sans", "serif", "mono"] as const;
const SIZES = ["s", "m", "l", "xl"] as const;
const ALIGNS = ["start", "middle", "end", "start-legacy", "end-legacy"] as const;
const VERTICAL = ["start", "middle", "end"] as const;

type Node = Record<string, unknown>;
const text = (t: string, marks?: Node[]): Node => ({
  type: "text",
  text: t,
  ...(marks ? { marks } : {}),
});
const paragraph = (...content: Node[]): Node => ({
  type: "paragraph",
  ...(content.length ? { content } : {}),
});
const list = (type: string, n: number): Node => ({
  type,
  content: Array.from({ length: n }, (_, i) => ({
    type: "listItem",
    content: [paragraph(text(`item ${i + 1}`))],
  })),
});

/** Rich texts that reach different style rules: marks, headings, long lists, RTL, empty. */
const RICH: Node[][] = [
  [paragraph(text("Plain words for the plan"))],
  [
    paragraph(
      text("Bold ", [{ type: "bold" }]),
      text("and "),
      text("italic", [{ type: "italic" }]),
    ),
  ],
  [paragraph(text("a link", [{ type: "link", attrs: { href: "https://example.org/" } }]))],
  [paragraph(text("code()", [{ type: "code" }]))],
  [{ type: "heading", attrs: { level: 2 }, content: [text("A heading")] }, paragraph(text("x"))],
  [list("orderedList", 12)],
  [list("bulletList", 3)],
  [paragraph(text("مرحبا بالعالم"))],
  [paragraph(text("שלום עולם"))],
  [paragraph()],
  [paragraph(text("two")), paragraph(), paragraph(text("paragraphs"))],
];

/** Notes that differ from each other, then notes as the PATH board makes them, all alike. */
const NOTES = 60;
const ALIKE = 40;

function varied(): Record<string, unknown> {
  const records: Record<string, unknown> = {};
  for (const record of pathTemplateRecords("the shortcut test")) records[record.id] = record;
  for (let i = 0; i < NOTES; i++) {
    const step = PATH_STEP_IDS[i % PATH_STEP_IDS.length] ?? "now";
    const at = noteSlot(step, Math.floor(i / PATH_STEP_IDS.length), 200);
    const id = `shape:note-${i}`;
    const note = noteRecord({
      id,
      text: `Note ${i}`,
      x: at.x,
      y: at.y,
      index: `b${String(i).padStart(2, "0")}`,
    });
    Object.assign(note.props, {
      color: COLORS[i % COLORS.length],
      font: FONTS[i % FONTS.length],
      size: SIZES[Math.floor(i / 2) % SIZES.length],
      align: ALIGNS[i % ALIGNS.length],
      verticalAlign: VERTICAL[i % VERTICAL.length],
      labelColor: i % 7 === 3 ? "red" : "black",
      richText: { type: "doc", content: RICH[i % RICH.length] },
    });
    if (i === 5) Object.assign(note.props, { growY: 120, scale: 1.5 });
    if (i === 9) note.rotation = 0.3;
    if (i === 13) note.x += 0.5;
    if (i === 17) note.opacity = 0.5;
    records[id] = note;
  }
  for (let i = NOTES; i < NOTES + ALIKE; i++) {
    const step = PATH_STEP_IDS[i % PATH_STEP_IDS.length] ?? "now";
    const at = noteSlot(step, Math.floor(i / PATH_STEP_IDS.length), 200);
    const id = `shape:note-${i}`;
    records[id] = noteRecord({ id, text: `Alike ${i}`, x: at.x, y: at.y, index: `b${i}` });
  }
  return records;
}

function rendered(result: RenderResult) {
  if (result.kind !== "rendered") throw new Error(`not rendered: ${JSON.stringify(result)}`);
  return result;
}

/** tldraw names pseudo-element classes at random; the rest must match exactly. */
function stable(svg: string): string {
  const names = new Map<string, string>();
  return svg.replace(/pseudo-[\w-]+/g, (name) => {
    if (!names.has(name)) names.set(name, `pseudo-${names.size}`);
    return names.get(name) ?? name;
  });
}

let pool: ChromiumRenderPool | null = null;
afterAll(async () => {
  await pool?.close();
});

describe.skipIf(skipReason !== null)("the render page's shortcuts (real Chromium)", () => {
  it("give tldraw's own SVG and the same PNG, tagged 150 dpi", async () => {
    pool = new ChromiumRenderPool({
      browser: chromium ?? "none",
      clientDistDir: clientDist,
      timeoutMs: 240_000,
      pages: 1,
    });
    const records = varied();
    const request: RenderRequest = { records, schema: null, bounds: POSTER_BOUNDS, dpi: 150 };
    const plain = rendered(
      await pool.render({ ...request, readEveryStyle: true, rasterAsDrawn: true }),
    );
    const quick = rendered(await pool.render(request));
    expect(plain.skipped ?? 0).toBe(0);
    expect(quick.skipped ?? 0).toBe(0);

    // The memo answered most reads from few computed styles, and changed no byte.
    expect(plain.styleMemo).toBeUndefined();
    const memo = quick.styleMemo ?? { reads: 0, computed: 0 };
    expect(memo.reads).toBeGreaterThan((NOTES + ALIKE) * 3);
    // The alike notes' labels (three elements each) are computed once.
    expect(memo.computed).toBeLessThanOrEqual(memo.reads - (ALIKE - 1) * 3);
    expect(stable(quick.svg)).toBe(stable(plain.svg));
    expect(quick.svg).toMatch(/@font-face[^}]*src: url\("data:font\/woff2;base64,/);
    expect(quick.svg).toContain("مرحبا بالعالم");
    expect(quick.svg).toContain("item 12");

    // Stamps drew the plain notes' shadows; the rotated, scaled and half-pixel ones kept theirs.
    expect(plain.stamps).toBeUndefined();
    const stamps = quick.stamps ?? { stamped: 0, stamps: 0 };
    expect(stamps.stamped).toBeGreaterThanOrEqual(NOTES + ALIKE - 4);
    expect(stamps.stamped).toBeLessThan(NOTES + ALIKE);
    expect(quick.svg).toContain("<filter");
    expect(quick.svg).not.toContain("tc-stamp");

    const a = PNG.sync.read(Buffer.from(plain.png));
    const b = PNG.sync.read(Buffer.from(quick.png));
    expect([b.width, b.height]).toEqual([POSTER_BOUNDS.w, POSTER_BOUNDS.h]);
    let worst = 0;
    let off = 0;
    let inked = 0;
    for (let i = 0; i < a.data.length; i++) {
      const d = Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0));
      worst = Math.max(worst, d);
      if (d > 0) off++;
      if (i % 4 < 3 && a.data[i] !== a.data[i % 4]) inked++;
    }
    expect(inked).toBeGreaterThan(1_000_000);
    expect(worst).toBeLessThanOrEqual(2);
    expect(off).toBeLessThan(a.data.length / 1_000);

    // pHYs right after IHDR: 5,906 px/m both ways (150 dpi), unit metre.
    const png = Buffer.from(quick.png);
    expect(png.toString("latin1", 37, 41)).toBe("pHYs");
    expect([png.readUInt32BE(41), png.readUInt32BE(45), png[49]]).toEqual([5906, 5906, 1]);
  }, 300_000);
});

import { noteSlot, PATH_STEP_IDS, pathTemplateRecords } from "@tablecloth/path";
import { noteRecord } from "@tablecloth/tldraw-yjs/server";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { POSTER_BOUNDS } from "../path/pathBoardExport";
import { renderTestBrowser } from "../test/renderTestBrowser";
import type { RenderRequest, RenderResult } from "./BoardRenderer";
import { ChromiumRenderPool } from "./ChromiumBoardRenderer";

/**
 * The render page compacts tldraw's SVG (`client/src/render/compactSvg.ts`) before keeping and
 * rasterising it. Here, in a real headless Chromium on the built client, a PATH poster rendered
 * compacted and raw must give the same A0 picture to within rounding, from a much smaller SVG
 * that still holds every note's text and its fonts.
 */
const { chromium, clientDist, skipReason } = renderTestBrowser("compactRender.test");

const NOTES = 40;
const COLORS = ["yellow", "light-green", "light-blue", "orange"] as const;

/** The PATH template and notes in every region; one taller and bigger, one in bold. */
function posterRequest(raw: boolean): RenderRequest {
  const records: Record<string, unknown> = {};
  for (const record of pathTemplateRecords("the compact test")) records[record.id] = record;
  for (let i = 0; i < NOTES; i++) {
    const step = PATH_STEP_IDS[i % PATH_STEP_IDS.length] ?? "now";
    const at = noteSlot(step, Math.floor(i / PATH_STEP_IDS.length), 200);
    const id = `shape:note-${i}`;
    const note = noteRecord({
      id,
      text: `Note ${i}: we will ask the council`,
      x: at.x,
      y: at.y,
      index: `b${String(i).padStart(2, "0")}`,
      color: COLORS[i % COLORS.length],
    });
    if (i === 3) Object.assign(note.props, { growY: 120, scale: 1.5 });
    records[id] = note;
  }
  return { records, schema: null, bounds: POSTER_BOUNDS, raw };
}

/** The scaled note (`i === 3`) and its shadow, in poster pixels. */
function scaledNoteBox() {
  const at = noteSlot(PATH_STEP_IDS[3] ?? "now", 0, 200);
  const margin = 40;
  return {
    x0: at.x - margin,
    y0: at.y - margin,
    x1: at.x + 200 * 1.5 + margin,
    y1: at.y + (200 + 120) * 1.5 + margin,
  };
}

function rendered(result: RenderResult) {
  if (result.kind !== "rendered") throw new Error(`not rendered: ${JSON.stringify(result)}`);
  return result;
}

let pool: ChromiumRenderPool | null = null;
afterAll(async () => {
  await pool?.close();
});

describe.skipIf(skipReason !== null)("compacted poster (real Chromium)", () => {
  it("draws the same A0 picture as tldraw's raw SVG, from a fraction of its bytes", async () => {
    pool = new ChromiumRenderPool({
      browser: chromium ?? "none",
      clientDistDir: clientDist,
      timeoutMs: 240_000,
      pages: 1,
    });
    const raw = rendered(await pool.render(posterRequest(true)));
    const compact = rendered(await pool.render(posterRequest(false)));

    expect(raw.svg).toContain("<feMorphology");
    expect(compact.svg).not.toContain("<feMorphology");
    expect(compact.svg).toContain("<feFlood");
    // With 40 notes the embedded fonts are most of what is left (1,000 notes: 8.3 → 0.84 MB).
    expect(compact.svg.length).toBeLessThan(raw.svg.length * 0.6);
    const inline = [...compact.svg.matchAll(/ style="([^"]*)"/g)].map((m) => m[1] ?? "");
    expect(inline).toEqual(["background-color: rgb(249, 250, 251);"]);
    expect(compact.svg).toMatch(/@font-face[^}]*src: url\("data:font\/woff2;base64,/);
    for (let i = 0; i < NOTES; i++) expect(compact.svg).toContain(`Note ${i}: we will ask`);
    expect(compact.svg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);

    const a = PNG.sync.read(Buffer.from(raw.png));
    const b = PNG.sync.read(Buffer.from(compact.png));
    expect([b.width, b.height]).toEqual([POSTER_BOUNDS.w, POSTER_BOUNDS.h]);
    expect([a.width, a.height]).toEqual([b.width, b.height]);
    // The scaled note's shadow: its erosions are 4.5 and 15 device pixels, which Chromium's
    // feMorphology rounds to whole pixels while the flood is exact.
    const scaled = scaledNoteBox();
    let worst = 0;
    let worstScaled = 0;
    let off = 0;
    let inked = 0;
    const background = [a.data[0], a.data[1], a.data[2]];
    for (let i = 0; i < a.data.length; i++) {
      const d = Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0));
      const px = i >> 2;
      const x = px % a.width;
      const y = Math.floor(px / a.width);
      const inScaled = x >= scaled.x0 && x < scaled.x1 && y >= scaled.y0 && y < scaled.y1;
      if (inScaled) worstScaled = Math.max(worstScaled, d);
      else worst = Math.max(worst, d);
      if (d > 0) off++;
      if (i % 4 < 3 && a.data[i] !== background[i % 4]) inked++;
    }
    // The pictures are not blank, and the flood's edges differ from the erosion's by rounding.
    expect(inked).toBeGreaterThan(1_000_000);
    expect(worst).toBeLessThanOrEqual(3);
    expect(worstScaled).toBeLessThanOrEqual(16);
    expect(off).toBeLessThan(a.data.length / 1_000);
  }, 300_000);
});

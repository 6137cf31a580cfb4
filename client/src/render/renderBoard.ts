import {
  Box,
  createShapeId,
  type Editor,
  getSvgAsImage,
  type TLRecord,
  type TLShapeId,
  type TLStoreSnapshot,
  toRichText,
} from "tldraw";
import { compactSvg } from "./compactSvg";
import { withMemoisedStyles } from "./memoStyles";
import { setPngDensity } from "./pngDensity";
import type { RenderInput, RenderOutput } from "./renderTypes";
import { type StampReport, stampShadows } from "./stampShadows";

/** Pixels around the drawing, in page units. */
const PADDING = 32;

function blobToDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error("could not read the PNG"));
    reader.readAsDataURL(blob);
  });
}

async function blobToBase64(blob: Blob): Promise<string> {
  const url = await blobToDataUrl(blob);
  return url.slice(url.indexOf(",") + 1);
}

/** One shadow stamp (`stampShadows.ts`) drawn by the browser, as a PNG data URL. */
async function drawStamp(stamp: { svg: string; width: number; height: number }) {
  const png = await getSvgAsImage(stamp.svg, {
    type: "png",
    width: stamp.width,
    height: stamp.height,
    pixelRatio: 1,
  });
  return png ? blobToDataUrl(png) : null;
}

/**
 * tldraw's export options for a board's picture: the drawing with a margin, or exactly `bounds`
 * (a PATH poster's A0 sheet: no margin, scale 1, so the PNG is the sheet's size in pixels).
 */
export function pictureOptions(bounds?: RenderInput["bounds"]) {
  const base = { background: true, darkMode: false, scale: 1 } as const;
  if (!bounds) return { ...base, padding: PADDING };
  return { ...base, padding: 0, bounds: new Box(bounds.x, bounds.y, bounds.w, bounds.h) };
}

/**
 * The PNG of an SVG tldraw made, at its own size (pixel ratio 1), tagged `dpi` dots per inch
 * when given (tldraw tags 72). `editor.toImage` would build the same SVG a second time; a big
 * poster's SVG takes seconds, so it is made once.
 */
export async function svgToPng(
  svg: { svg: string; width: number; height: number },
  dpi?: number,
): Promise<Blob> {
  const png = await getSvgAsImage(svg.svg, {
    type: "png",
    width: svg.width,
    height: svg.height,
    pixelRatio: 1,
  });
  if (!png) throw new Error("the browser could not draw the picture");
  if (dpi === undefined) return png;
  const tagged = setPngDensity(new Uint8Array(await png.arrayBuffer()), dpi);
  return new Blob([tagged as Uint8Array<ArrayBuffer>], { type: "image/png" });
}

/**
 * tldraw's `getSvgElement`, with the computed styles of its text labels read once per distinct
 * context (`memoStyles.ts`: the same SVG, a fraction of the style reads) unless `readEveryStyle`.
 */
export async function exportSvg(
  editor: Editor,
  ids: TLShapeId[],
  options: ReturnType<typeof pictureOptions>,
  readEveryStyle = false,
) {
  if (readEveryStyle) {
    return { exported: await editor.getSvgElement(ids, options), styleMemo: undefined };
  }
  const memoised = await withMemoisedStyles(window, () => editor.getSvgElement(ids, options));
  return { exported: memoised.result, styleMemo: memoised.report };
}

/**
 * The records tldraw accepts: migrated from their schema, each validated on its own, so one bad
 * record (written by a buggy or hostile client) leaves out that record, not the whole picture.
 */
function loadableSnapshot(
  editor: Editor,
  input: RenderInput,
): {
  snapshot: TLStoreSnapshot;
  skipped: number;
} {
  const schema = editor.store.schema;
  const migrated = schema.migrateStoreSnapshot({
    store: input.records,
    schema: input.schema ?? schema.serialize(),
  } as unknown as TLStoreSnapshot);
  if (migrated.type !== "success")
    throw new Error(`the records do not migrate: ${migrated.reason}`);
  const store: Record<string, TLRecord> = {};
  let skipped = 0;
  for (const [id, record] of Object.entries(migrated.value)) {
    const type = schema.types[record.typeName as TLRecord["typeName"]];
    try {
      if (!type) throw new Error(`unknown record type ${record.typeName}`);
      type.validate(record);
      store[id] = record;
    } catch {
      skipped++;
    }
  }
  return {
    snapshot: { store, schema: schema.serialize() } as unknown as TLStoreSnapshot,
    skipped,
  };
}

/**
 * Loads a board's records into `editor` (migrating them from their schema, leaving out records
 * that are not valid) and renders its first page with tldraw's own exporter: an SVG with its
 * fonts embedded as data, compacted (`compactSvg`: the same picture, a fraction of the bytes and
 * the rasterising), and a PNG of it.
 */
export async function renderBoard(editor: Editor, input: RenderInput): Promise<RenderOutput> {
  try {
    const t0 = performance.now();
    const { snapshot, skipped } = loadableSnapshot(editor, input);
    editor.loadSnapshot(snapshot);
    const pages = editor.getPages();
    if (pages[0]) editor.setCurrentPage(pages[0].id);
    const ids = [...editor.getCurrentPageShapeIds()];
    if (ids.length === 0) return { ok: true, empty: true, skipped };
    const options = pictureOptions(input.bounds);
    const t1 = performance.now();
    const { exported, styleMemo } = await exportSvg(editor, ids, options, input.readEveryStyle);
    if (!exported) return { ok: true, empty: true, skipped };
    const t2 = performance.now();
    // A copy: the exported element is still in the page until tldraw unmounts it.
    const element = exported.svg.cloneNode(true) as SVGSVGElement;
    if (!input.raw) compactSvg(element);
    const svg = {
      svg: new XMLSerializer().serializeToString(element),
      width: exported.width,
      height: exported.height,
    };
    const t3 = performance.now();
    // The kept SVG is text now: its element becomes the copy to rasterise, shadows stamped.
    let raster = svg;
    let stamps: StampReport | undefined;
    if (!input.raw && !input.rasterAsDrawn) {
      stamps = await stampShadows(element, drawStamp);
      if (stamps.stamped > 0) {
        raster = { ...svg, svg: new XMLSerializer().serializeToString(element) };
      }
    }
    const png = await svgToPng(raster, input.dpi);
    const t4 = performance.now();
    const pngBase64 = await blobToBase64(png);
    const t5 = performance.now();
    return {
      ok: true,
      svg: svg.svg,
      pngBase64,
      width: svg.width,
      height: svg.height,
      skipped,
      ...(styleMemo ? { styleMemo } : {}),
      ...(stamps ? { stamps } : {}),
      timings: {
        loadMs: t1 - t0,
        svgMs: t2 - t1,
        compactMs: t3 - t2,
        pngMs: t4 - t3,
        base64Ms: t5 - t4,
      },
    };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The note colours a warm-up draws: the ones boards use most. */
const WARM_UP_COLORS = ["yellow", "light-green", "light-blue", "orange"] as const;

/**
 * Renders a small board of notes once, SVG and PNG, when the page opens, so that the first real
 * board does not pay for what Chromium and tldraw do only the first time (fonts fetched and
 * encoded for embedding, text shaping and style caches, compiling the exporter's code): on a
 * 1,000-note poster the first render cost about 10 s more CPU than the next ones. Leaves the
 * editor empty. A warm-up that fails changes nothing: the real render then pays as before.
 */
export async function warmUp(editor: Editor): Promise<void> {
  try {
    editor.createShapes(
      WARM_UP_COLORS.map((color, i) => ({
        id: createShapeId(`warm-up-${i}`),
        type: "note",
        x: i * 220,
        y: 0,
        props: { color, richText: toRichText(`Warm-up note ${i}: what we will do next`) },
      })),
    );
    const ids = [...editor.getCurrentPageShapeIds()];
    const { exported } = await exportSvg(editor, ids, pictureOptions());
    if (!exported) return;
    const element = exported.svg.cloneNode(true) as SVGSVGElement;
    compactSvg(element);
    const svg = new XMLSerializer().serializeToString(element);
    await svgToPng({ svg, width: exported.width, height: exported.height });
  } catch {
    // Only a head start: the real renders do the same work and report their own failures.
  } finally {
    editor.deleteShapes([...editor.getCurrentPageShapeIds()]);
  }
}

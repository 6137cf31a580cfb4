import { type Editor, getSvgAsImage, type TLRecord, type TLStoreSnapshot } from "tldraw";
import type { RenderInput, RenderOutput } from "./renderTypes";

/** Pixels around the drawing, in page units. */
const PADDING = 32;

function blobToBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(",") + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error("could not read the PNG"));
    reader.readAsDataURL(blob);
  });
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
 * fonts embedded as data, and a PNG of it.
 */
export async function renderBoard(editor: Editor, input: RenderInput): Promise<RenderOutput> {
  try {
    const { snapshot, skipped } = loadableSnapshot(editor, input);
    editor.loadSnapshot(snapshot);
    const pages = editor.getPages();
    if (pages[0]) editor.setCurrentPage(pages[0].id);
    const ids = [...editor.getCurrentPageShapeIds()];
    if (ids.length === 0) return { ok: true, empty: true, skipped };
    const options = { background: true, padding: PADDING, darkMode: false } as const;
    const svg = await editor.getSvgString(ids, options);
    if (!svg) return { ok: true, empty: true, skipped };
    // The PNG from the same SVG (toImage would build the whole SVG a second time).
    const png = await getSvgAsImage(svg.svg, {
      type: "png",
      width: svg.width,
      height: svg.height,
      pixelRatio: 1,
    });
    if (!png) throw new Error("the PNG could not be made from the SVG");
    return {
      ok: true,
      svg: svg.svg,
      pngBase64: await blobToBase64(png),
      width: svg.width,
      height: svg.height,
      skipped,
    };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

import {
  contains,
  isTemplateRecordId,
  noteSlot,
  PATH_REGIONS,
  type PathStepId,
  POSTER,
  POSTER_DPI,
} from "@tablecloth/path";
import { Box, type Editor, type TLShapeId, toRichText } from "tldraw";
import { exportSvg, pictureOptions, svgToPng } from "../render/renderBoard";

/** A note's side at scale 1 (tldraw's sticky note is 200 × 200 page units). */
export const NOTE_SIZE = 200;

/** Moves the camera to show the whole region of `step` (everyone's view follows the step). */
export function showRegion(editor: Editor, step: PathStepId, animate: boolean): void {
  const r = PATH_REGIONS[step];
  editor.zoomToBounds(new Box(r.x, r.y, r.w, r.h), {
    inset: 48,
    animation: animate ? { duration: 400 } : undefined,
  });
}

/** The notes (not the template) whose top-left corner lies in the region of `step`. */
export function notesIn(editor: Editor, step: PathStepId): number {
  const region = PATH_REGIONS[step];
  return editor
    .getCurrentPageShapes()
    .filter((s) => s.type === "note" && !isTemplateRecordId(s.id) && contains(region, s.x, s.y))
    .length;
}

/**
 * Adds a sticky note with `text` inside the region of `step`, in the region's next free grid
 * cell (`noteSlot`), so it lands in the current step whatever the camera shows.
 */
export function addNoteToRegion(editor: Editor, step: PathStepId, text: string): TLShapeId {
  const at = noteSlot(step, notesIn(editor, step), NOTE_SIZE);
  const id = `shape:${crypto.randomUUID()}` as TLShapeId;
  editor.createShape({
    id,
    type: "note",
    x: at.x,
    y: at.y,
    props: { richText: toRichText(text), color: "yellow" },
  });
  return id;
}

/** The poster's sheet: A0 landscape at 150 dpi. */
export const POSTER_BOUNDS = { x: 0, y: 0, w: POSTER.w, h: POSTER.h };

/**
 * The whole poster as an SVG (fonts embedded by tldraw's exporter, its labels' styles read once
 * per distinct context: `render/memoStyles.ts`) and an A0 PNG tagged 150 dpi.
 */
export async function posterPictures(editor: Editor): Promise<{ svg: string; png: Blob }> {
  const ids = [...editor.getCurrentPageShapeIds()];
  const { exported } = await exportSvg(editor, ids, pictureOptions(POSTER_BOUNDS));
  if (!exported) throw new Error("The poster is empty.");
  const svg = {
    svg: new XMLSerializer().serializeToString(exported.svg),
    width: exported.width,
    height: exported.height,
  };
  return { svg: svg.svg, png: await svgToPng(svg, POSTER_DPI) };
}

/** Saves `blob` as `name` through the browser's download. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

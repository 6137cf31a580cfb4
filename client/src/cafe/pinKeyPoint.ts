import { createShapeId, type Editor, toRichText } from "tldraw";

/** Key points a host pins sit in a column at the cloth's top left, this far apart. */
const PIN_GAP = 230;

/**
 * Pins a key point on the cloth the host is looking at: a yellow note, locked so it is not moved
 * by accident while newcomers draw around it (anyone can unlock it from the context menu).
 */
export function pinKeyPoint(editor: Editor, text: string): void {
  const pinned = editor
    .getCurrentPageShapes()
    .filter((shape) => shape.meta?.cafeKeyPoint === true).length;
  const { x, y } = editor.getViewportPageBounds();
  editor.createShape({
    id: createShapeId(),
    type: "note",
    x: x + 40 + pinned * PIN_GAP,
    y: y + 40,
    isLocked: true,
    meta: { cafeKeyPoint: true },
    props: { richText: toRichText(text), color: "yellow" },
  });
}

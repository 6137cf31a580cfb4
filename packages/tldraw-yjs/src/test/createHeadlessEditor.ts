import {
  type BoxModel,
  createTLStore,
  defaultAddFontsFromNode,
  defaultBindingUtils,
  defaultShapeTools,
  defaultShapeUtils,
  defaultTools,
  Editor,
  registerDefaultSideEffects,
  type TLPointerEventInfo,
  type TLShapeId,
  type TLStoreOptions,
  tipTapDefaultExtensions,
} from "tldraw";

const BOUNDS = { x: 0, y: 0, top: 0, left: 0, width: 1080, height: 720, bottom: 720, right: 1080 };

/**
 * A real tldraw `Editor` without React, in jsdom. jsdom has no layout, so the container reports
 * fixed bounds and text is measured by character count (as tldraw's own TestEditor does).
 */
export function createHeadlessEditor(storeOptions: Partial<TLStoreOptions> = {}): Editor {
  const container = document.createElement("div");
  container.tabIndex = 0;
  container.getBoundingClientRect = () => ({ ...BOUNDS, toJSON: () => BOUNDS }) as DOMRect;
  document.body.appendChild(container);
  const editor = new Editor({
    store: createTLStore({
      shapeUtils: defaultShapeUtils,
      bindingUtils: defaultBindingUtils,
      ...storeOptions,
    } as TLStoreOptions),
    shapeUtils: defaultShapeUtils,
    bindingUtils: defaultBindingUtils,
    tools: [...defaultTools, ...defaultShapeTools],
    getContainer: () => container,
    initialState: "select",
    options: {
      text: {
        addFontsFromNode: defaultAddFontsFromNode,
        tipTapConfig: { extensions: tipTapDefaultExtensions },
      },
    },
  });
  const measureText = (text: string, opts: { fontSize: number; maxWidth: number | null }) => {
    const lines = text.split("\n");
    const longest = lines.reduce((a, c) => (c.length > a.length ? c : a), "");
    const w = longest.length * (opts.fontSize / 2);
    const box: BoxModel & { scrollWidth: number } = {
      x: 0,
      y: 0,
      w: opts.maxWidth === null ? w : Math.max(w, opts.maxWidth),
      h: lines.length * opts.fontSize,
      scrollWidth: 0,
    };
    return box;
  };
  editor.textMeasure.measureText = measureText;
  editor.textMeasure.measureHtml = (html, opts) => measureText(html.replace(/<[^>]+>/g, ""), opts);
  editor.textMeasure.measureTextSpans = (text, opts) => [
    { box: measureText(text, { fontSize: opts.fontSize, maxWidth: opts.width }), text },
  ];
  editor.updateViewportScreenBounds(container);
  registerDefaultSideEffects(editor);
  return editor;
}

function pointer(
  editor: Editor,
  name: TLPointerEventInfo["name"],
  x: number,
  y: number,
  shapeId?: TLShapeId,
): void {
  const shape = shapeId ? editor.getShape(shapeId) : undefined;
  const target = shape ? { target: "shape" as const, shape } : { target: "canvas" as const };
  editor.dispatch({
    type: "pointer",
    name,
    pointerId: 1,
    point: { x, y, z: 0.5 },
    button: 0,
    isPen: false,
    shiftKey: false,
    altKey: false,
    ctrlKey: false,
    metaKey: false,
    accelKey: false,
    ...target,
  } as TLPointerEventInfo);
  // Pointer moves are coalesced until the next tick; deliver them now.
  editor.emit("tick", 16);
}

/** Simulated input, in screen coordinates (the camera starts at the origin, zoom 1). */
export const input = {
  down: (editor: Editor, x: number, y: number, shapeId?: TLShapeId) =>
    pointer(editor, "pointer_down", x, y, shapeId),
  move: (editor: Editor, x: number, y: number) => pointer(editor, "pointer_move", x, y),
  up: (editor: Editor, x: number, y: number) => pointer(editor, "pointer_up", x, y),
};

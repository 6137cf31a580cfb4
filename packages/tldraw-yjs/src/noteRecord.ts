import { toRichText } from "@tldraw/tlschema";

export interface NoteRecordInput {
  /** Full record id, `shape:…`. */
  id: string;
  text: string;
  x?: number;
  y?: number;
  /** Fractional index among the page's shapes; default `"a1"`. */
  index?: string;
  color?: "yellow" | "light-green" | "light-blue" | "orange";
}

/**
 * A complete tldraw note shape on the first page (every prop tldraw 5.4's schema requires), for
 * writing notes without an editor: test harnesses, benches, server-side seeding.
 */
export function noteRecord({
  id,
  text,
  x = 0,
  y = 0,
  index = "a1",
  color = "yellow",
}: NoteRecordInput) {
  return {
    id,
    typeName: "shape",
    type: "note",
    x,
    y,
    rotation: 0,
    index,
    parentId: "page:page",
    isLocked: false,
    opacity: 1,
    props: {
      color,
      labelColor: "black",
      size: "m",
      font: "draw",
      fontSizeAdjustment: 1,
      align: "middle",
      verticalAlign: "middle",
      growY: 0,
      url: "",
      richText: toRichText(text),
      scale: 1,
      textLastEditedBy: null,
    },
    meta: {},
  };
}

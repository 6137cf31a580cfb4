import { getRecordsMap } from "@tablecloth/tldraw-yjs";
import * as Y from "yjs";

/** A shape of a cloth, reduced to what a thumbnail draws. */
export interface ThumbShape {
  id: string;
  kind: "box" | "note" | "line";
  x: number;
  y: number;
  w: number;
  h: number;
  /** For freehand strokes: points relative to (x, y). */
  points: Array<{ x: number; y: number }>;
  text: string;
}

/** Size drawn for a shape that does not say its own (text, strokes without points). */
const DEFAULT_SIZE = { w: 60, h: 30 };
const NOTE_SIZE = 200;

function field(value: unknown, key: string): unknown {
  if (value instanceof Y.Map) return value.get(key);
  if (typeof value === "object" && value !== null) return (value as Record<string, unknown>)[key];
  return undefined;
}

function num(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

/** Plain text of a tldraw rich text value (a ProseMirror-like JSON tree). */
export function plainText(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(plainText).join(" ");
  if (typeof value !== "object" || value === null) return "";
  const node = value as Record<string, unknown>;
  const own = typeof node.text === "string" ? node.text : "";
  return [own, plainText(node.content)].filter((s) => s !== "").join(" ");
}

function pointsOf(segments: unknown): Array<{ x: number; y: number }> {
  if (!Array.isArray(segments)) return [];
  const points: Array<{ x: number; y: number }> = [];
  for (const segment of segments) {
    const list = field(segment, "points");
    if (!Array.isArray(list)) continue;
    for (const p of list) points.push({ x: num(field(p, "x"), 0), y: num(field(p, "y"), 0) });
  }
  return points;
}

/** The shapes of a board doc (tldraw records as `Y.Map`s), for a schematic thumbnail. */
export function clothShapes(doc: Y.Doc): ThumbShape[] {
  const shapes: ThumbShape[] = [];
  getRecordsMap(doc).forEach((record, id) => {
    if (!(record instanceof Y.Map) || record.get("typeName") !== "shape") return;
    const type = record.get("type");
    const props = record.get("props");
    const x = num(record.get("x"), 0);
    const y = num(record.get("y"), 0);
    const text = plainText(field(props, "richText") ?? field(props, "text"));
    if (type === "note") {
      shapes.push({ id, kind: "note", x, y, w: NOTE_SIZE, h: NOTE_SIZE, points: [], text });
      return;
    }
    if (type === "draw" || type === "highlight") {
      const points = pointsOf(field(props, "segments"));
      const w = points.length > 0 ? Math.max(...points.map((p) => p.x)) : DEFAULT_SIZE.w;
      const h = points.length > 0 ? Math.max(...points.map((p) => p.y)) : DEFAULT_SIZE.h;
      shapes.push({ id, kind: "line", x, y, w, h, points, text });
      return;
    }
    shapes.push({
      id,
      kind: "box",
      x,
      y,
      w: num(field(props, "w"), DEFAULT_SIZE.w),
      h: num(field(props, "h"), DEFAULT_SIZE.h),
      points: [],
      text,
    });
  });
  return shapes;
}

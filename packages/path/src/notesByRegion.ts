import { regionAt } from "./pathLayout";
import { PATH_STEP_IDS, type PathStepId } from "./pathSteps";
import { isTemplateRecordId } from "./pathTemplate";

/** The fields of a tldraw shape record this package reads (records as stored, plain JSON). */
export interface ShapeLike {
  id: string;
  typeName: string;
  type?: unknown;
  x?: unknown;
  y?: unknown;
  props?: unknown;
}

/** The plain text of a tldraw rich-text value (a ProseMirror doc), paragraphs joined by spaces. */
export function richTextToPlain(value: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (node === null || typeof node !== "object") return;
    const { text, content } = node as { text?: unknown; content?: unknown };
    if (typeof text === "string") parts.push(text);
    if (Array.isArray(content)) for (const child of content) walk(child);
  };
  walk(value);
  return parts.join(" ").replace(/\s+/g, " ").trim();
}

/**
 * The text of every note, text and geo shape with words on it, grouped by the region its top-left
 * corner lies in, in reading order (top to bottom, then left to right). Template shapes are left
 * out; shapes outside every region are under `elsewhere`.
 */
export function notesByRegion(records: readonly ShapeLike[]): {
  byStep: Record<PathStepId, string[]>;
  elsewhere: string[];
} {
  const byStep = {} as Record<PathStepId, Array<{ x: number; y: number; text: string }>>;
  for (const id of PATH_STEP_IDS) byStep[id] = [];
  const elsewhere: Array<{ x: number; y: number; text: string }> = [];
  for (const record of records) {
    if (record.typeName !== "shape" || isTemplateRecordId(record.id)) continue;
    if (typeof record.x !== "number" || typeof record.y !== "number") continue;
    const props = (record.props ?? {}) as { richText?: unknown; text?: unknown };
    const text =
      typeof props.text === "string" ? props.text.trim() : richTextToPlain(props.richText);
    if (text.length === 0) continue;
    const step = regionAt(record.x, record.y);
    (step === null ? elsewhere : byStep[step]).push({ x: record.x, y: record.y, text });
  }
  const order = (list: Array<{ x: number; y: number; text: string }>) =>
    list.sort((a, b) => a.y - b.y || a.x - b.x).map((n) => n.text);
  const out = {} as Record<PathStepId, string[]>;
  for (const id of PATH_STEP_IDS) out[id] = order(byStep[id]);
  return { byStep: out, elsewhere: order(elsewhere) };
}

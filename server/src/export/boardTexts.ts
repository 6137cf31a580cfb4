import type { PlainRecord } from "@tablecloth/tldraw-yjs/server";

/** The plain text of a tldraw rich-text value (a ProseMirror-like tree), paragraphs on lines. */
export function plainTextOf(richText: unknown): string {
  const lines: string[] = [];
  const walk = (node: unknown, line: string[]): void => {
    if (node === null || typeof node !== "object") return;
    const { type, text, content } = node as { type?: unknown; text?: unknown; content?: unknown };
    if (typeof text === "string") line.push(text);
    if (!Array.isArray(content)) return;
    if (type === "doc" || type === "bulletList" || type === "orderedList" || type === "listItem") {
      for (const child of content) walk(child, line);
      return;
    }
    const inner: string[] = [];
    for (const child of content) walk(child, inner);
    lines.push(inner.join(""));
  };
  const top: string[] = [];
  walk(richText, top);
  if (top.length > 0) lines.unshift(top.join(""));
  return lines.filter((l) => l.trim() !== "").join("\n");
}

/**
 * Everything written on a board (notes, text, labels of shapes and arrows), top to bottom then
 * left to right, for the proceedings: what people wrote, readable without tldraw.
 */
export function boardTexts(records: Iterable<PlainRecord>): string[] {
  const found: Array<{ x: number; y: number; text: string }> = [];
  for (const record of records) {
    if (record.typeName !== "shape") continue;
    const props = record.props as Record<string, unknown> | undefined;
    if (!props) continue;
    const text =
      props.richText !== undefined
        ? plainTextOf(props.richText)
        : typeof props.text === "string"
          ? props.text
          : "";
    if (text.trim() === "") continue;
    const x = typeof record.x === "number" ? record.x : 0;
    const y = typeof record.y === "number" ? record.y : 0;
    found.push({ x, y, text: text.trim() });
  }
  found.sort((a, b) => a.y - b.y || a.x - b.x);
  return found.map((f) => f.text);
}

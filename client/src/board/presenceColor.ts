/**
 * Cursor colours that read well on white and on each other. Each is the background of a name tag
 * with white text (tldraw's cursor chip), so each has at least 4.5:1 contrast with white (WCAG AA;
 * axe flagged the lighter orange, green and lime tags).
 */
export const PRESENCE_COLORS = [
  "#c92a2a",
  "#1971c2",
  "#087f5b",
  "#b35900",
  "#9c36b5",
  "#0b7285",
  "#c2255c",
  "#4c7a0b",
  "#c2410c",
  "#4263eb",
] as const;
const COLORS = PRESENCE_COLORS;

/** A stable colour for a person, from their id: the same person keeps it on every board. */
export function presenceColor(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return COLORS[hash % COLORS.length] ?? COLORS[0];
}

/** Cursor colours that read well on white and on each other (tldraw's palette). */
const COLORS = [
  "#e03131",
  "#1971c2",
  "#2f9e44",
  "#f08c00",
  "#9c36b5",
  "#0c8599",
  "#c2255c",
  "#5c940d",
  "#e8590c",
  "#4263eb",
] as const;

/** A stable colour for a person, from their id: the same person keeps it on every board. */
export function presenceColor(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return COLORS[hash % COLORS.length] ?? COLORS[0];
}

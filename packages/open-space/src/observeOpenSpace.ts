import type * as Y from "yjs";
import { OPEN_SPACE_MAPS } from "./openSpaceDocLayout";

/** Calls `onChange` with the fresh state whenever the Open Space part of the doc changes. */
export function observeOpenSpace(doc: Y.Doc, onChange: () => void): () => void {
  const maps = Object.values(OPEN_SPACE_MAPS).map((name) => doc.getMap<unknown>(name));
  const handler = () => onChange();
  for (const map of maps) map.observe(handler);
  return () => {
    for (const map of maps) map.unobserve(handler);
  };
}

import type { EventFormat } from "@tablecloth/protocol";

/** How each method is named to people, with one line on what it is. */
export const FORMAT_NAMES: Record<EventFormat, { name: string; description: string }> = {
  "world-cafe": {
    name: "World Café",
    description: "Small tables with a question each; people move between tables in rounds.",
  },
  "open-space": {
    name: "Open Space",
    description: "People propose sessions on a shared agenda wall and go where they learn most.",
  },
  path: {
    name: "PATH",
    description: "A group plans from a shared dream to a first step, in eight steps.",
  },
};

import type { Actor, OpenSpaceState } from "../openSpaceTypes";
import { EMPTY_OPEN_SPACE } from "../openSpaceTypes";
import { setGrid } from "../setGrid";

export const facilitator: Actor = { id: "f1", name: "Fran", role: "facilitator" };
export const ann: Actor = { id: "p1", name: "Ann", role: "participant" };
export const bob: Actor = { id: "p2", name: "Bob", role: "participant" };
export const cat: Actor = { id: "p3", name: "Cat", role: "participant" };
export const watcher: Actor = { id: "o1", name: "Projector", role: "observer" };

/** Ids from a counter, so tests are deterministic. */
export function counterIds(prefix = "id"): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

/** A grid of `spaces` × `slots`, ids `sp1…` and `sl1…`. */
export function gridOf(spaces: number, slots: number): OpenSpaceState {
  const withSpaces = setGrid(
    EMPTY_OPEN_SPACE,
    facilitator,
    { spaces: Array.from({ length: spaces }, (_, i) => ({ name: `Room ${i + 1}` })), slots: [] },
    counterIds("sp"),
  );
  return setGrid(
    withSpaces,
    facilitator,
    {
      spaces: withSpaces.spaces,
      slots: Array.from({ length: slots }, (_, i) => ({ label: `Slot ${i + 1}` })),
    },
    counterIds("sl"),
  );
}

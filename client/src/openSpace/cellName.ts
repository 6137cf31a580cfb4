import type { Cell, OpenSpaceState } from "@tablecloth/open-space";

/** "Room 2 · 10:00", for buttons and headings. */
export function cellName(state: OpenSpaceState, cell: Cell): string {
  const space = state.spaces.find((s) => s.id === cell.spaceId)?.name ?? "?";
  const slot = state.slots.find((s) => s.id === cell.slotId)?.label ?? "?";
  return `${space} · ${slot}`;
}

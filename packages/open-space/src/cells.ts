import { OpenSpaceError, OpenSpaceErrorCode } from "./OpenSpaceError";
import type { OpenSpaceState, Session } from "./openSpaceTypes";

/** One cell of the wall. */
export interface Cell {
  readonly spaceId: string;
  readonly slotId: string;
}

/** Taken cells: space id → slot id → the session there. */
type CellIndex = ReadonlyMap<string, ReadonlyMap<string, Session>>;

const cellIndexes = new WeakMap<OpenSpaceState["sessions"], CellIndex>();

/**
 * The session of every taken cell (the first in `sessions` order, should two share one), built
 * once per `sessions` record: a state is never changed in place (the rules return new objects),
 * and a posting rush asks it of the same state for every refused post, 15 per cell. Keyed by
 * space, then slot: no key strings to build per lookup.
 */
function cellIndex(state: OpenSpaceState): CellIndex {
  const known = cellIndexes.get(state.sessions);
  if (known !== undefined) return known;
  const index = new Map<string, Map<string, Session>>();
  for (const session of Object.values(state.sessions)) {
    let slots = index.get(session.spaceId);
    if (slots === undefined) {
      slots = new Map();
      index.set(session.spaceId, slots);
    }
    if (!slots.has(session.slotId)) slots.set(session.slotId, session);
  }
  cellIndexes.set(state.sessions, index);
  return index;
}

/** The session in a cell, if any. */
export function sessionAt(state: OpenSpaceState, cell: Cell): Session | undefined {
  return cellIndex(state).get(cell.spaceId)?.get(cell.slotId);
}

/**
 * The free cells, nearest first: the rest of `from`'s slot (spaces to the right, then to the
 * left), then the following slots, then earlier ones, in wall order. This is what the client
 * offers someone whose cell was just taken.
 */
export function nextFreeCells(state: OpenSpaceState, from: Cell | null, limit = 3): Cell[] {
  const taken = cellIndex(state);
  const spaceIndex = Math.max(
    0,
    state.spaces.findIndex((s) => s.id === from?.spaceId),
  );
  const slotIndex = Math.max(
    0,
    state.slots.findIndex((s) => s.id === from?.slotId),
  );
  const slotOrder = [...state.slots.slice(slotIndex), ...state.slots.slice(0, slotIndex).reverse()];
  const spaceOrder = [
    ...state.spaces.slice(spaceIndex),
    ...state.spaces.slice(0, spaceIndex).reverse(),
  ];
  const free: Cell[] = [];
  for (const slot of slotOrder) {
    const spaces = slot.id === slotOrder[0]?.id ? spaceOrder : state.spaces;
    for (const space of spaces) {
      if (taken.get(space.id)?.has(slot.id)) continue;
      free.push({ spaceId: space.id, slotId: slot.id });
      if (free.length >= limit) return free;
    }
  }
  return free;
}

/** Throws unless the cell exists. */
export function requireCell(state: OpenSpaceState, cell: Cell): void {
  if (!state.spaces.some((s) => s.id === cell.spaceId)) {
    throw new OpenSpaceError(OpenSpaceErrorCode.UnknownSpace, "There is no such space.", {
      spaceId: cell.spaceId,
      field: "spaceId",
    });
  }
  if (!state.slots.some((s) => s.id === cell.slotId)) {
    throw new OpenSpaceError(OpenSpaceErrorCode.UnknownSlot, "There is no such time slot.", {
      slotId: cell.slotId,
      field: "slotId",
    });
  }
}

/** Throws `cell-taken` when another session than `except` holds the cell. */
export function requireFreeCell(state: OpenSpaceState, cell: Cell, except?: string): void {
  requireCell(state, cell);
  const holder = sessionAt(state, cell);
  if (holder !== undefined && holder.id !== except) {
    throw new OpenSpaceError(
      OpenSpaceErrorCode.CellTaken,
      `"${holder.title}" already holds this cell: pick a free one.`,
      { ...cell, sessionId: holder.id },
    );
  }
}

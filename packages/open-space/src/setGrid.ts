import { checkText } from "./checkText";
import { OpenSpaceError, OpenSpaceErrorCode } from "./OpenSpaceError";
import { OPEN_SPACE_LIMITS } from "./openSpaceLimits";
import type { Actor, OpenSpaceState, Slot, Space } from "./openSpaceTypes";
import { requireFacilitator } from "./sessionAccess";

export interface GridInput {
  readonly spaces: readonly { readonly id?: string | undefined; readonly name: string }[];
  readonly slots: readonly {
    readonly id?: string | undefined;
    readonly label: string;
    readonly startsAt?: number | null | undefined;
    readonly endsAt?: number | null | undefined;
  }[];
}

/**
 * Makes the wall's grid exactly `input`, in its order (the facilitator adds, renames, reorders
 * and removes spaces and slots in one call). Items with an id keep it and must already exist;
 * items without one are new and get `newId()`. Removing a space or slot that holds a session
 * throws `cell-occupied`: move or merge the session first.
 */
export function setGrid(
  state: OpenSpaceState,
  actor: Actor,
  input: GridInput,
  newId: () => string,
): OpenSpaceState {
  requireFacilitator(actor, "set the grid");
  if (input.spaces.length > OPEN_SPACE_LIMITS.maxSpaces) {
    throw grid(`At most ${OPEN_SPACE_LIMITS.maxSpaces} spaces.`, "spaces");
  }
  if (input.slots.length > OPEN_SPACE_LIMITS.maxSlots) {
    throw grid(`At most ${OPEN_SPACE_LIMITS.maxSlots} time slots.`, "slots");
  }
  const knownSpaces = new Set(state.spaces.map((s) => s.id));
  const knownSlots = new Set(state.slots.map((s) => s.id));
  const seen = new Set<string>();
  const keep = (id: string | undefined, known: Set<string>, field: string): string => {
    if (id === undefined) {
      let fresh = newId();
      while (seen.has(fresh) || knownSpaces.has(fresh) || knownSlots.has(fresh)) fresh = newId();
      seen.add(fresh);
      return fresh;
    }
    if (!known.has(id)) throw grid(`No ${field} has the id "${id}".`, field);
    if (seen.has(id)) throw grid(`The id "${id}" is given twice.`, field);
    seen.add(id);
    return id;
  };
  const spaces: Space[] = input.spaces.map((s, i) => ({
    id: keep(s.id, knownSpaces, "spaces"),
    name: checkText(s.name, `spaces.${i}.name`, { max: OPEN_SPACE_LIMITS.maxNameLength }),
  }));
  const slots: Slot[] = input.slots.map((s, i) => {
    const startsAt = s.startsAt ?? null;
    const endsAt = s.endsAt ?? null;
    for (const [name, at] of [
      ["startsAt", startsAt],
      ["endsAt", endsAt],
    ] as const) {
      if (at !== null && !Number.isSafeInteger(at)) {
        throw grid(`slots.${i}.${name} is not a time in epoch ms.`, `slots.${i}.${name}`);
      }
    }
    if (startsAt !== null && endsAt !== null && endsAt < startsAt) {
      throw grid(`slots.${i} ends before it starts.`, `slots.${i}.endsAt`);
    }
    return {
      id: keep(s.id, knownSlots, "slots"),
      label: checkText(s.label, `slots.${i}.label`, { max: OPEN_SPACE_LIMITS.maxNameLength }),
      startsAt,
      endsAt,
    };
  });
  const spaceIds = new Set(spaces.map((s) => s.id));
  const slotIds = new Set(slots.map((s) => s.id));
  for (const session of Object.values(state.sessions)) {
    if (!spaceIds.has(session.spaceId) || !slotIds.has(session.slotId)) {
      throw new OpenSpaceError(
        OpenSpaceErrorCode.CellOccupied,
        `"${session.title}" is in a space or slot this grid removes: move it first.`,
        { sessionId: session.id, spaceId: session.spaceId, slotId: session.slotId },
      );
    }
  }
  return { ...state, spaces, slots };
}

function grid(message: string, field: string): OpenSpaceError {
  return new OpenSpaceError(OpenSpaceErrorCode.InvalidGrid, message, { field });
}

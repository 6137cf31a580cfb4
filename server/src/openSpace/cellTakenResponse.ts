import {
  type Cell,
  isOpenSpaceError,
  nextFreeCells,
  OpenSpaceErrorCode,
  type OpenSpaceState,
} from "@tablecloth/open-space";
import type { OpenSpaceCellTakenResponse } from "@tablecloth/protocol";

/** Named defaults of the Open Space routes. */
export const OPEN_SPACE_ROUTE_DEFAULTS = {
  /** Free cells a refused post is offered. */
  freeCellsOffered: 3,
} as const;

/**
 * The 409 body of a post refused because its cell is taken, offering the nearest free cells of
 * the state it was refused in (so the client offers them instead of an error page); null when
 * `error` is any other refusal.
 */
export function cellTakenResponse(
  error: unknown,
  state: OpenSpaceState,
  cell: Cell,
): OpenSpaceCellTakenResponse | null {
  if (!isOpenSpaceError(error) || error.code !== OpenSpaceErrorCode.CellTaken) return null;
  return {
    error: {
      code: "cell_taken",
      message: error.message,
      freeCells: nextFreeCells(state, cell, OPEN_SPACE_ROUTE_DEFAULTS.freeCellsOffered),
    },
  };
}

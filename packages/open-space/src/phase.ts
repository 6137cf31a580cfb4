import { OpenSpaceError, OpenSpaceErrorCode } from "./OpenSpaceError";
import {
  type Actor,
  OPEN_SPACE_PHASES,
  type OpenSpacePhase,
  type OpenSpaceState,
} from "./openSpaceTypes";
import { requireFacilitator } from "./sessionAccess";

/** The facilitator moves the gathering to a phase (any order: circles are not a state machine). */
export function setPhase(
  state: OpenSpaceState,
  actor: Actor,
  phase: OpenSpacePhase,
): OpenSpaceState {
  requireFacilitator(actor, "change the phase");
  if (!OPEN_SPACE_PHASES.includes(phase)) {
    throw new OpenSpaceError(OpenSpaceErrorCode.InvalidValue, `Unknown phase "${phase}".`, {
      field: "phase",
    });
  }
  return { ...state, phase };
}

/** The closing circle's board, once made (facilitators). */
export function openClosingCircle(
  state: OpenSpaceState,
  actor: Actor,
  board: { boardId: string; docName: string },
): OpenSpaceState {
  requireFacilitator(actor, "open the closing circle");
  return { ...state, phase: "closing", closingBoard: board };
}

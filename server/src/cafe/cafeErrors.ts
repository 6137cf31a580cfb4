import { CafeError, CafeErrorCode } from "@tablecloth/cafe";
import { ApiError, conflict, forbidden, notFound } from "../api/ApiError";

/** Where the table a route acts on was named: in the path (`:tableId`, 404) or the body (400). */
export interface CafeErrorContext {
  readonly tableIn?: "path" | "body";
}

/**
 * A `CafeError` of the café core as an API error: a state that does not allow the action (a round
 * transition, a stale plan, a host asked to move, a table that has a host) is a 409, a full table
 * a 409 `table_full` and a round beyond the round count a 409 `rounds_over` (each says so itself);
 * a participant moving while only facilitators seat people is a 403; a table of the path that does
 * not exist is a 404; anything else the caller sent is a 400 naming the field.
 */
export function cafeErrorToApi(error: unknown, context: CafeErrorContext = {}): unknown {
  if (!(error instanceof CafeError)) return error;
  switch (error.code) {
    case CafeErrorCode.InvalidTransition:
    case CafeErrorCode.StalePlan:
    case CafeErrorCode.HostCannotMove:
    case CafeErrorCode.HostSeatedElsewhere:
    case CafeErrorCode.DuplicateHost:
    case CafeErrorCode.TableHasHost:
    case CafeErrorCode.NoTables:
      return conflict(error.message);
    case CafeErrorCode.TableFull:
      return new ApiError(409, "table_full", error.message);
    case CafeErrorCode.RoundsOver:
      return new ApiError(409, "rounds_over", error.message);
    case CafeErrorCode.MovementClosed:
      return forbidden(error.message);
    case CafeErrorCode.UnknownTable:
      if (context.tableIn === "path") return notFound(error.message);
      return new ApiError(400, "invalid_request", error.message, { field: "tableId" });
    case CafeErrorCode.UnknownParticipant:
      return new ApiError(400, "invalid_request", error.message, { field: "participantId" });
    case CafeErrorCode.IncompleteSeating: {
      const field = `seating.${error.participantId ?? ""}`;
      return new ApiError(400, "invalid_request", error.message, { field });
    }
    default:
      return new ApiError(400, "invalid_request", error.message);
  }
}

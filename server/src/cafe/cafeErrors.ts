import { CafeError, CafeErrorCode } from "@tablecloth/cafe";
import { ApiError } from "../api/ApiError";

/**
 * A `CafeError` of the café core as an API error: a state that does not allow the action (a round
 * transition, a stale plan, a full table, a host asked to move) is a 409; anything else the caller
 * sent is a 400 naming the field.
 */
export function cafeErrorToApi(error: unknown): unknown {
  if (!(error instanceof CafeError)) return error;
  switch (error.code) {
    case CafeErrorCode.InvalidTransition:
    case CafeErrorCode.StalePlan:
    case CafeErrorCode.TableFull:
    case CafeErrorCode.HostCannotMove:
    case CafeErrorCode.HostSeatedElsewhere:
    case CafeErrorCode.DuplicateHost:
    case CafeErrorCode.NoTables:
      return new ApiError(409, "conflict", error.message);
    case CafeErrorCode.UnknownTable:
      return new ApiError(400, "invalid_request", error.message, { field: "tableId" });
    case CafeErrorCode.UnknownParticipant:
      return new ApiError(400, "invalid_request", error.message, { field: "participantId" });
    default:
      return new ApiError(400, "invalid_request", error.message);
  }
}

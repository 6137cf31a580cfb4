import { OpenSpaceError, OpenSpaceErrorCode } from "@tablecloth/open-space";
import { ApiError } from "../api/ApiError";

/**
 * An `OpenSpaceError` of the rules as an API error: a state that does not allow the action is a
 * 409 (`cell_taken` for a taken cell), a caller who may not do it a 403, an unknown session a
 * 404, and anything else the caller sent a 400 naming the field.
 */
export function openSpaceErrorToApi(error: unknown): unknown {
  if (!(error instanceof OpenSpaceError)) return error;
  const field = error.details.field;
  switch (error.code) {
    case OpenSpaceErrorCode.CellTaken:
      return new ApiError(409, "cell_taken", error.message);
    case OpenSpaceErrorCode.CellOccupied:
    case OpenSpaceErrorCode.SessionFull:
    case OpenSpaceErrorCode.TooManySessions:
    case OpenSpaceErrorCode.SelfMerge:
      return new ApiError(409, "conflict", error.message);
    case OpenSpaceErrorCode.NotAllowed:
      return new ApiError(403, "forbidden", error.message);
    case OpenSpaceErrorCode.UnknownSession:
      return new ApiError(404, "not_found", error.message);
    case OpenSpaceErrorCode.UnknownSpace:
    case OpenSpaceErrorCode.UnknownSlot:
    case OpenSpaceErrorCode.InvalidGrid:
    case OpenSpaceErrorCode.InvalidValue:
      return new ApiError(
        400,
        "invalid_request",
        error.message,
        field === undefined ? {} : { field },
      );
  }
}

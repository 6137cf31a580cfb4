import { PathError } from "@tablecloth/path";
import { ApiError, badRequest, notFound } from "../api/ApiError";

/** A PATH rule's refusal as the API answers it; anything else is rethrown as is. */
export function pathErrorToApi(error: unknown): never {
  if (!(error instanceof PathError)) throw error;
  switch (error.code) {
    case "out_of_order":
      throw new ApiError(409, "conflict", error.message);
    case "invalid_data":
      throw badRequest(error.message);
    case "not_found":
      throw notFound(error.message);
  }
}

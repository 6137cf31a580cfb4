import type { ApiErrorCode } from "@tablecloth/protocol";

/** Why an API call failed: the server's own code, or `network` when it could not be reached. */
export type ApiFailure = ApiErrorCode | "network" | "bad_response";

export class ApiError extends Error {
  constructor(
    readonly code: ApiFailure,
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Words for people, not engineers: what went wrong and what to do about it. */
export function friendlyMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return "Something went wrong. Please try again.";
  switch (error.code) {
    case "network":
      return "We can't reach the server right now. Check your internet connection and try again.";
    case "unauthenticated":
      return "Your place in this event has expired. Please join again with the event code.";
    case "forbidden":
      return "You don't have permission to do that.";
    case "not_found":
    case "doc_not_found":
      return "We couldn't find that. Check the code or link and try again.";
    case "invalid_request":
      return error.field === "code"
        ? "That code doesn't look right. Codes have 6 letters and numbers."
        : "Something in the form isn't quite right. Please check it and try again.";
    case "rate_limited":
      return error.message.includes("new code")
        ? "Too many people joined from this network with this code. Ask a facilitator for a new code."
        : "Lots of people are doing this at once. Please wait a moment and try again.";
    case "join_closed":
      return "Joining this event is closed. Ask a facilitator for the current code.";
    case "event_full":
      return "This event is full. Please ask a facilitator.";
    case "quota_exceeded":
      return "There is no room for more uploads here. Ask a facilitator, or remove something first.";
    case "conflict":
      return "That changed while you were working. Please reload and try again.";
    case "table_full":
      // The server's message names the table ("Table 2 is full.").
      return `${error.message} Pick another table, or ask a facilitator.`;
    case "rounds_over":
      return "All the café's rounds have been held. Raise the number of rounds in the set-up to hold another, or open the harvest.";
    case "cell_taken":
      return "Someone posted in that place just before you. Pick another free one.";
    case "too_large":
      return "That is too big to upload. Please try a smaller file.";
    case "unsupported_media_type":
      return "We can't use that kind of file. Try a picture or a short video (PNG, JPEG, GIF, WebP, MP4).";
    case "method_not_allowed":
    case "upgrade_required":
      return "Your browser asked for something the server doesn't offer. Please reload the page.";
    case "unavailable":
      return "The server is busy or restarting. Please try again in a moment.";
    case "internal":
    case "bad_response":
      return "The server had a problem. Please try again in a moment.";
  }
}

import type { EventDetailsResponse } from "@tablecloth/protocol";
import type { ReactNode } from "react";
import { friendlyMessage } from "../api/ApiError";
import { useEventDetails } from "../api/useEventDetails";
import type { EventSession } from "../session";
import { ErrorMessage } from "./ErrorMessage";

/**
 * Loads the session's event, saying so while it loads and on a failure (with a retry), then
 * renders `children` with its details. For parts of a page inside its own frame (the printable
 * cards); whole pages keep their own frames while loading.
 */
export function WithEventDetails({
  session,
  children,
}: {
  session: EventSession;
  children: (details: EventDetailsResponse) => ReactNode;
}) {
  const { state, reload } = useEventDetails(session.eventId, session.token);
  if (state.status === "loading") return <p role="status">Loading the event…</p>;
  if (state.status === "failed") {
    return (
      <>
        <ErrorMessage>{friendlyMessage(state.error)}</ErrorMessage>
        <button type="button" className="button" onClick={reload}>
          Try again
        </button>
      </>
    );
  }
  return children(state.details);
}

import type { EventDetailsResponse } from "@tablecloth/protocol";
import type { ReactNode } from "react";
import { friendlyMessage } from "../api/ApiError";
import { useEventDetails } from "../api/useEventDetails";
import type { EventSession } from "../session";
import { ErrorMessage } from "./ErrorMessage";
import { PageShell } from "./PageShell";

/** A whole page's own frame while its event loads or fails to (its titles and loading words). */
export interface EventDetailsFrame {
  /** The page's title on a failure, e.g. "Café". */
  title: string;
  /** Its title while loading, e.g. "Loading the café". */
  loadingTitle: string;
  /** Said while loading, e.g. "Opening the café…". */
  loading: string;
}

/**
 * Loads the session's event, saying so while it loads and on a failure (with a retry), then
 * renders `children` with its details. Inside a page's own frame (the printable cards) by
 * default; with `frame`, a whole page's (the café, the Open Space), whose content brings its own.
 */
export function WithEventDetails({
  session,
  frame,
  children,
}: {
  session: EventSession;
  frame?: EventDetailsFrame;
  children: (details: EventDetailsResponse) => ReactNode;
}) {
  const { state, reload } = useEventDetails(session.eventId, session.token);
  const framed = (title: string, content: ReactNode) =>
    frame ? <PageShell title={title}>{content}</PageShell> : content;
  if (state.status === "loading") {
    return framed(
      frame?.loadingTitle ?? "",
      <p role="status">{frame?.loading ?? "Loading the event…"}</p>,
    );
  }
  if (state.status === "failed") {
    return framed(
      frame?.title ?? "Event",
      <>
        <ErrorMessage>{friendlyMessage(state.error)}</ErrorMessage>
        <button type="button" className="button" onClick={reload}>
          Try again
        </button>
      </>,
    );
  }
  return children(state.details);
}

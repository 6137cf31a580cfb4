import type { Broadcast } from "@tablecloth/protocol";
import type { ChimeResult } from "./chime";

/**
 * The newest broadcast as a banner in a live region: the region is always in the page (screen
 * readers announce what appears in a region that already existed), the message replaces any
 * older one, and "Dismiss" hides it on this page.
 */
export function BroadcastBanner({
  broadcast,
  chime,
  onDismiss,
}: {
  broadcast: Broadcast | null;
  /** This message's chime: sounding, played, shown silently; null when it asked for none. */
  chime: ChimeResult | "pending" | null;
  onDismiss: (id: string) => void;
}) {
  return (
    <div className="broadcast" role="status" aria-live="polite" data-testid="broadcast-region">
      {broadcast ? (
        <div
          className="broadcast__banner"
          data-testid="broadcast-banner"
          data-broadcast-id={broadcast.id}
          data-chime={chime ?? "none"}
        >
          <span aria-hidden="true" className="broadcast__icon">
            📣
          </span>
          <p className="broadcast__text">
            <span className="broadcast__from">{broadcast.fromName}: </span>
            <span data-testid="broadcast-text">{broadcast.text}</span>
          </p>
          <button
            type="button"
            className="button button--quiet broadcast__dismiss"
            onClick={() => onDismiss(broadcast.id)}
            data-testid="broadcast-dismiss"
          >
            Dismiss
          </button>
        </div>
      ) : null}
    </div>
  );
}

import { type ConnectionState, connectionLabel } from "../sync/connectionState";

function explanation(state: ConnectionState, what: string): string {
  switch (state.status) {
    case "connecting":
      return `Getting the ${what} from the server.`;
    case "online":
      return state.synced
        ? "Everything you draw is shared and saved."
        : `Getting the latest version of the ${what}.`;
    case "offline":
      return "No internet. Keep going: your changes stay on this device and are shared when you're back online.";
    case "reconnecting":
      return "Lost the connection. Trying again: your changes are kept on this device.";
    case "refused":
      switch (state.reason) {
        case "sign-in":
          return "Your place in this event has expired. Please join again with the event code.";
        case "forbidden":
          return `You don't have access to this ${what}.`;
        case "missing":
          return `This ${what} no longer exists.`;
        case "other":
          return `The server can't open this ${what} right now.`;
      }
  }
}

/** Always-visible badge: online, offline, reconnecting — in words, not just a colour. */
export function ConnectionStatus({
  state,
  what = "board",
}: {
  state: ConnectionState;
  /** What is being connected, in the explanation: "board" or "event". */
  what?: string;
}) {
  const detail = explanation(state, what);
  return (
    <div
      className={`connection connection--${state.status}`}
      role="status"
      aria-live="polite"
      data-testid="connection-status"
      data-status={state.status}
      data-synced={state.status === "online" ? String(state.synced) : undefined}
      title={detail}
    >
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__label">{connectionLabel(state)}</span>
      <span className="visually-hidden">. {detail}</span>
    </div>
  );
}

import { CloseCode } from "@tablecloth/protocol";

/** What we know about a board's connection, updated from socket and browser events. */
export interface ConnectionFacts {
  socket: "connecting" | "connected" | "disconnected";
  /** The server's state is in our doc (sync step 2 arrived) on the current connection. */
  synced: boolean;
  /** At least one connection has opened since the page loaded. */
  everConnected: boolean;
  /** `navigator.onLine`: false means the device has no network at all. */
  browserOnline: boolean;
  /** Set when the server closed for good (a 44xx code): retrying cannot help. */
  refusedCode: number | null;
  /**
   * The current (or last) socket got a message from the server: it was let in at the door, so a
   * refusal on it was of something sent after (an update), not of the person.
   */
  admitted?: boolean;
}

/** What the person sees, one state at a time. */
export type ConnectionState =
  | { status: "connecting" }
  | { status: "online"; synced: boolean }
  | { status: "offline" }
  | { status: "reconnecting" }
  | { status: "refused"; reason: "sign-in" | "forbidden" | "missing" | "other" };

export const initialConnectionFacts = (browserOnline: boolean): ConnectionFacts => ({
  socket: "connecting",
  synced: false,
  everConnected: false,
  browserOnline,
  refusedCode: null,
});

export function connectionState(facts: ConnectionFacts): ConnectionState {
  if (facts.refusedCode !== null) {
    const reason =
      facts.refusedCode === CloseCode.Unauthenticated
        ? "sign-in"
        : facts.refusedCode === CloseCode.Forbidden
          ? "forbidden"
          : facts.refusedCode === CloseCode.DocNotFound
            ? "missing"
            : "other";
    return { status: "refused", reason };
  }
  if (!facts.browserOnline) return { status: "offline" };
  if (facts.socket === "connected") return { status: "online", synced: facts.synced };
  return facts.everConnected ? { status: "reconnecting" } : { status: "connecting" };
}

/** Short words for the status badge; the long ones live in the component. */
export function connectionLabel(state: ConnectionState): string {
  switch (state.status) {
    case "connecting":
      return "Connecting…";
    case "online":
      return state.synced ? "Online" : "Loading…";
    case "offline":
      return "Offline";
    case "reconnecting":
      return "Reconnecting…";
    case "refused":
      return "Can't connect";
  }
}

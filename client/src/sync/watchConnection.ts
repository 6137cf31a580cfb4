import type { WebsocketProvider } from "y-websocket";
import type { ConnectionFacts } from "./connectionState";

/**
 * Follows a provider's socket and the device's network, reporting each change as a patch of
 * {@link ConnectionFacts}. When the device goes offline the provider disconnects at once instead
 * of waiting for its socket to time out (edits stay in the doc, and in IndexedDB where a board
 * has it), and reconnects on `online`. Returns the function that stops watching.
 */
export function watchConnection(
  provider: WebsocketProvider,
  update: (patch: Partial<ConnectionFacts>) => void,
): () => void {
  const onAdmitted = () => update({ admitted: true });
  const onStatus = ({ status }: { status: ConnectionFacts["socket"] }) => {
    if (status === "connected") {
      update({ socket: status, everConnected: true, synced: false, admitted: false });
      // The server sends its sync step 1 to everyone it lets in; a refusal at the door sends none.
      provider.ws?.addEventListener("message", onAdmitted, { once: true });
    } else if (status === "connecting") update({ socket: status, synced: false, admitted: false });
    else update({ socket: status, synced: false });
  };
  const onSync = (synced: boolean) => update({ synced });
  const onClosed = ({ code }: { code: number }) => update({ refusedCode: code });
  const onOffline = () => {
    update({ browserOnline: false });
    provider.disconnect();
  };
  const onOnline = () => {
    update({ browserOnline: true });
    provider.connect();
  };
  provider.on("status", onStatus);
  provider.on("sync", onSync);
  provider.on("closed", onClosed);
  window.addEventListener("offline", onOffline);
  window.addEventListener("online", onOnline);
  return () => {
    provider.off("status", onStatus);
    provider.off("sync", onSync);
    provider.off("closed", onClosed);
    window.removeEventListener("offline", onOffline);
    window.removeEventListener("online", onOnline);
  };
}

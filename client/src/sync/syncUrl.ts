/** The y-websocket server URL on our own origin: `ws(s)://<host>/sync`. */
export function syncUrl(location: Pick<Location, "protocol" | "host"> = window.location): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/sync`;
}

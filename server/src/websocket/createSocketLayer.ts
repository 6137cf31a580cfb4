import { acceptUpgrade } from "./acceptUpgrade";
import { ServerWebSocket } from "./ServerWebSocket";
import type { SocketLayer, SocketLayerName } from "./WireSocket";
import { createWsSocketLayer } from "./WsLibrarySocket";

/**
 * The socket layer named by `TABLECLOTH_SOCKET_LAYER`: `builtin` (the in-house RFC 6455 socket,
 * the default) or `ws` (the `ws` library). Larger messages than `maxPayloadBytes` are refused from
 * their frame header with the final close code 4413 by either.
 */
export function createSocketLayer(name: SocketLayerName, maxPayloadBytes: number): SocketLayer {
  if (name === "ws") return createWsSocketLayer(maxPayloadBytes);
  return {
    accept(req, socket) {
      if (!acceptUpgrade(req, socket)) return null;
      return new ServerWebSocket(socket, maxPayloadBytes);
    },
  };
}

import type { Server } from "node:http";
import type { Socket } from "node:net";

export interface ConnectionGuardOptions {
  /** Open connections at once (Node's `server.maxConnections`: more are dropped on accept). */
  maxConnections: number;
  /** Open connections from one peer address; more are destroyed on accept. */
  maxConnectionsPerAddress: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

/** What the guard refused so far, for `/metrics`. */
export interface ConnectionGuardMetrics {
  /** Connections dropped because their address already had its share open. */
  refusedPerAddress: number;
  /** Addresses with at least one open connection. */
  readonly addresses: number;
}

/**
 * The HTTP server's edges: header and request timeouts (checked every second, not Node's 30 s,
 * so a slowloris client is cut off near the limit), a connection cap, and a cap per peer address
 * counted from the TCP socket (WebSocket upgrades included: they are the same sockets).
 */
export function guardConnections(
  server: Server,
  options: ConnectionGuardOptions,
): ConnectionGuardMetrics {
  server.headersTimeout = options.headersTimeoutMs;
  server.requestTimeout = options.requestTimeoutMs;
  server.maxConnections = options.maxConnections;
  const open = new Map<string, number>();
  const metrics = {
    refusedPerAddress: 0,
    get addresses() {
      return open.size;
    },
  };
  server.on("connection", (socket: Socket) => {
    const address = socket.remoteAddress ?? "unknown";
    const count = open.get(address) ?? 0;
    if (count >= options.maxConnectionsPerAddress) {
      metrics.refusedPerAddress++;
      socket.destroy();
      return;
    }
    open.set(address, count + 1);
    socket.once("close", () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
  return metrics;
}

/**
 * Node checks header and request timeouts on this period (its default is 30 s, which stretches a
 * 10 s header timeout to up to 40 s).
 */
export const CONNECTIONS_CHECKING_INTERVAL_MS = 1_000;

import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

/**
 * What the transport needs of an upgraded WebSocket, whichever layer speaks RFC 6455: the
 * in-house `ServerWebSocket` (the default, measured at 22 % less CPU in a rotation) or the `ws`
 * library (`WsLibrarySocket`). Both pass the same contract suite (`wireSocketContract.ts`).
 */
export interface WireSocket {
  /** Open: data may be sent (no close frame sent or received, the socket not ended). */
  readonly isOpen: boolean;
  /** Bytes written and not yet handed to the kernel. */
  readonly bufferedAmount: number;
  /**
   * Starts reading: reports to `handler` from now on, beginning with `head` (bytes the client
   * sent right behind its handshake, if the layer did not take them already).
   */
  start(handler: WireSocketHandler, head?: Buffer): void;
  /** Holds writes until `uncork` (nested corks count). */
  cork(): void;
  uncork(): void;
  /** Sends one binary message (dropped unless open). */
  send(data: Uint8Array): void;
  /** Sends binary messages in order, each its own (optional: else `send` each). */
  sendMany?(data: readonly Uint8Array[]): void;
  /** Sends an empty ping (unless closing). */
  ping(): void;
  /** Starts the closing handshake once; later calls do nothing. */
  close(code: number, reason?: string): void;
  /** Destroys the TCP socket at once, without a closing handshake. */
  terminate(): void;
  /** Resolves once the TCP socket is closed (at once if it is). */
  whenClosed(): Promise<void>;
}

/** What the owner of a socket hears; one object may serve many sockets (it gets `socket`). */
export interface WireSocketHandler {
  /** A TCP read arrived; its frames follow. */
  onReadStart(socket: WireSocket): void;
  /** A whole message: binary as bytes (maybe a view into the read), text as a string. */
  onMessage(data: Buffer | string, socket: WireSocket): void;
  /** A pong arrived. */
  onPong(socket: WireSocket): void;
  /** Every frame of the read has been reported. */
  onReadEnd(socket: WireSocket): void;
  /**
   * The TCP connection is closed, exactly once whatever the cause. `code` is the client's close
   * code, 1005 if its close frame had none, 1006 if none arrived.
   */
  onClose(code: number, socket: WireSocket): void;
}

/** The names of the socket layers (`TABLECLOTH_SOCKET_LAYER`). */
export const SOCKET_LAYERS = ["builtin", "ws"] as const;
export type SocketLayerName = (typeof SOCKET_LAYERS)[number];

/** A socket layer: completes an upgrade the transport accepted. */
export interface SocketLayer {
  /**
   * Writes the 101 response and returns the upgraded socket, or null when the handshake was
   * refused (the layer answered and dropped the TCP socket). `maxPayloadBytes`: larger messages
   * are refused from their frame header with the final close code 4413.
   */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): WireSocket | null;
}

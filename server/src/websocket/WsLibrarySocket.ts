import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { CloseCode, closeReason } from "@tablecloth/protocol";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import type { SocketLayer, WireSocket, WireSocketHandler } from "./WireSocket";

/** `ws`'s close code for a message over `maxPayload`; ours is the final 4413. */
const WS_MESSAGE_TOO_BIG = 1009;

/**
 * `ws`'s socket with one change, through its documented `WebSocket` class option: a message over
 * `maxPayload` closes with our final 4413 (the stock client stops retrying), never `ws`'s 1009.
 */
class TableclothWs extends WebSocket {
  override close(code?: number, data?: string | Buffer): void {
    if (code === WS_MESSAGE_TOO_BIG)
      super.close(CloseCode.TooLarge, closeReason[CloseCode.TooLarge]);
    else super.close(code, data);
  }
}

/** The `ws` layer: `ws`'s own handshake, frame parser and closing handshake. */
export function createWsSocketLayer(maxPayloadBytes: number): SocketLayer {
  const server = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    maxPayload: maxPayloadBytes,
    perMessageDeflate: false,
    WebSocket: TableclothWs,
  });
  return {
    accept(req: IncomingMessage, socket: Duplex, head: Buffer): WireSocket | null {
      let accepted: WsLibrarySocket | null = null;
      // `handleUpgrade` answers synchronously here (no `verifyClient`, no compression to
      // negotiate); a refused handshake was answered with HTTP 400 and destroyed by `ws`.
      server.handleUpgrade(req, socket, head, (ws) => {
        accepted = new WsLibrarySocket(ws as TableclothWs, socket);
      });
      return accepted;
    },
  };
}

/**
 * A `ws` socket as a `WireSocket`. TCP reads are bracketed with listeners on the upgraded socket
 * around `ws`'s own (which parses a read's frames synchronously), so the engine can batch them.
 */
export class WsLibrarySocket implements WireSocket {
  private handler: WireSocketHandler | null = null;
  private done = false;
  private closeCode = 1006;
  private readonly closed: Promise<void>;

  constructor(
    private readonly ws: WebSocket,
    private readonly socket: Duplex,
  ) {
    // Heard before `start`: nothing is read until then (`ws` starts reading at once).
    socket.pause();
    this.closed = new Promise((resolve) => {
      ws.once("close", (code: number) => {
        this.done = true;
        this.closeCode = code;
        resolve();
        this.handler?.onClose(code, this);
      });
    });
    ws.on("error", () => {
      // `ws` closes the socket itself after a protocol error (with the code of the error).
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  start(handler: WireSocketHandler): void {
    this.handler = handler;
    if (this.done) {
      handler.onClose(this.closeCode, this);
      return;
    }
    this.socket.prependListener("data", this.onReadStart);
    this.socket.on("data", this.onReadEnd);
    this.ws.on("message", this.onMessage);
    this.ws.on("pong", this.onPong);
    this.socket.resume();
  }

  cork(): void {
    this.socket.cork();
  }

  uncork(): void {
    this.socket.uncork();
  }

  send(data: Uint8Array): void {
    if (this.isOpen) this.ws.send(data);
  }

  ping(): void {
    if (this.isOpen) this.ws.ping();
  }

  close(code: number, reason = ""): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(code, reason);
  }

  terminate(): void {
    this.ws.terminate();
  }

  whenClosed(): Promise<void> {
    return this.closed;
  }

  private readonly onReadStart = (): void => {
    this.handler?.onReadStart(this);
  };

  private readonly onReadEnd = (): void => {
    this.handler?.onReadEnd(this);
  };

  private readonly onMessage = (data: RawData, isBinary: boolean): void => {
    const handler = this.handler;
    if (handler === null) return;
    if (!isBinary) {
      handler.onMessage(rawToBuffer(data).toString("utf8"), this);
      return;
    }
    handler.onMessage(rawToBuffer(data), this);
  };

  private readonly onPong = (): void => {
    this.handler?.onPong(this);
  };
}

function rawToBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

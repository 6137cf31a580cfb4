import WebSocket from "ws";
import { nowMs } from "./clock";
import { readFrame, SYNC_STEP_1_EMPTY, SYNC_STEP_2_EMPTY } from "./frames";

/** How long a close handshake may take before the socket is dropped. */
const CLOSE_HANDSHAKE_TIMEOUT_MS = 2_000;

/** What a scenario wants to see of the frames a raw client receives. */
export interface RawClientHandlers {
  /** A Yjs update arrived, as sync step 2 (`initial`) or as a broadcast update. */
  onUpdate?(update: Uint8Array, initial: boolean): void;
  /** An awareness update payload arrived. */
  onAwareness?(payload: Uint8Array): void;
}

/**
 * A y-websocket protocol v1 client without a Y.Doc: it asks for the whole doc (empty state
 * vector), answers the server's step 1 with an empty step 2, and hands received updates to the
 * scenario undecoded. Cheap enough to run thousands in one process.
 */
export class RawClient {
  readonly socket: WebSocket;
  readonly openedAt = nowMs();
  /** When sync step 2 arrived (NaN until then). */
  syncedAt = Number.NaN;
  /** Close code when closed (NaN while open). */
  closeCode = Number.NaN;
  /** Set on a socket error or a close before sync. */
  failure: string | undefined;
  /** Resolves with the sync time (ms since connect); rejects when closed or failed first. */
  readonly synced: Promise<number>;
  readonly closed: Promise<void>;

  constructor(url: string, handlers: RawClientHandlers = {}) {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    this.socket = socket;
    socket.binaryType = "nodebuffer";
    let resolveSynced: (ms: number) => void = () => {};
    let rejectSynced: (error: Error) => void = () => {};
    this.synced = new Promise<number>((resolve, reject) => {
      resolveSynced = resolve;
      rejectSynced = reject;
    });
    this.synced.catch(() => {});
    this.closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.on("open", () => socket.send(SYNC_STEP_1_EMPTY));
    socket.on("message", (data: Buffer) => {
      const frame = readFrame(data);
      switch (frame.kind) {
        case "step1":
          socket.send(SYNC_STEP_2_EMPTY);
          return;
        case "step2":
          if (Number.isNaN(this.syncedAt)) {
            this.syncedAt = nowMs();
            resolveSynced(this.syncedAt - this.openedAt);
          }
          handlers.onUpdate?.(frame.update, true);
          return;
        case "update":
          handlers.onUpdate?.(frame.update, false);
          return;
        case "awareness":
          handlers.onAwareness?.(frame.payload);
          return;
        case "other":
          return;
      }
    });
    socket.on("error", (error) => {
      this.failure ??= error.message;
      rejectSynced(error);
    });
    socket.on("close", (code, reason) => {
      this.closeCode = code;
      if (Number.isNaN(this.syncedAt)) {
        this.failure ??= `closed ${code} ${reason.toString()} before sync`;
        rejectSynced(new Error(this.failure));
      }
    });
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Sends a frame if the socket is open; returns whether it was sent. */
  send(frame: Uint8Array): boolean {
    if (this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(frame);
    return true;
  }

  /** Closes (normal close) and resolves once the socket is closed. */
  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    if (this.socket.readyState === WebSocket.CONNECTING) this.socket.terminate();
    else {
      this.socket.close(1000);
      // A server that never answers the close handshake must not hold the run.
      setTimeout(() => this.socket.terminate(), CLOSE_HANDSHAKE_TIMEOUT_MS).unref();
    }
    return this.closed;
  }
}

import { nowMs } from "./clock";
import { readFrame, SYNC_STEP_1_EMPTY, SYNC_STEP_2_EMPTY } from "./frames";
import { WireSocket } from "./WireSocket";

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
 * scenario undecoded. Cheap enough to run thousands in one process: it speaks WebSocket through
 * `WireSocket` (a lean RFC 6455 client) rather than `ws`, see there why.
 */
export class RawClient {
  private readonly socket: WireSocket;
  readonly openedAt = nowMs();
  /** When sync step 2 arrived (NaN until then). */
  syncedAt = Number.NaN;
  /** Close code when closed (NaN while open). */
  closeCode = Number.NaN;
  /** Set on a socket error or a close before sync. */
  failure: string | undefined;
  /** Resolves with the sync time (ms since connect); rejects when closed or failed first. */
  readonly synced: Promise<number>;
  /** Resolves once the TCP connection is closed. */
  readonly closed: Promise<void>;

  constructor(url: string, handlers: RawClientHandlers = {}) {
    let resolveSynced: (ms: number) => void = () => {};
    let rejectSynced: (error: Error) => void = () => {};
    this.synced = new Promise<number>((resolve, reject) => {
      resolveSynced = resolve;
      rejectSynced = reject;
    });
    this.synced.catch(() => {});
    let resolveClosed: () => void = () => {};
    this.closed = new Promise<void>((resolve) => {
      resolveClosed = resolve;
    });
    const socket = new WireSocket(url, {
      onOpen: () => socket.send(SYNC_STEP_1_EMPTY),
      onMessage: (data) => {
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
      },
      // Errors are only made for a rejection (a failure); a normal close creates none.
      onError: (message) => {
        this.failure ??= message;
        rejectSynced(new Error(message));
      },
      onClose: (code, reason) => {
        this.closeCode = code;
        if (Number.isNaN(this.syncedAt) && this.failure === undefined) {
          this.failure = `closed ${code} ${reason} before sync`;
          rejectSynced(new Error(this.failure));
        }
        resolveClosed();
      },
    });
    this.socket = socket;
  }

  get isOpen(): boolean {
    return this.socket.state === "open";
  }

  /** Sends a frame if the socket is open; returns whether it was sent. */
  send(frame: Uint8Array): boolean {
    return this.socket.send(frame);
  }

  /**
   * Closes (normal close; a socket still connecting is dropped) and resolves once the socket is
   * closed. A server that does not finish the close handshake in time is cut off.
   */
  close(): Promise<void> {
    this.socket.close();
    return this.closed;
  }
}

import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { MESSAGE_SYNC } from "./frames";

const REMOTE = Symbol("remote");

/**
 * A full y-websocket client around a real Y.Doc, for the few connections that write or check
 * content (prefill, verification), where the raw client would not do.
 */
export class DocClient {
  readonly doc = new Y.Doc();
  private readonly socket: WebSocket;
  private syncedFlag = false;
  private readonly syncedWaiters: Array<() => void> = [];
  private failure: Error | undefined;

  constructor(url: string) {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    this.socket = socket;
    socket.on("open", () => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(encoder, this.doc);
      socket.send(encoding.toUint8Array(encoder));
    });
    socket.on("message", (data: Buffer) => {
      const decoder = decoding.createDecoder(data);
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, MESSAGE_SYNC);
      const step = syncProtocol.readSyncMessage(decoder, reply, this.doc, REMOTE);
      if (encoding.length(reply) > 1) socket.send(encoding.toUint8Array(reply));
      if (step === syncProtocol.messageYjsSyncStep2 && !this.syncedFlag) {
        this.syncedFlag = true;
        for (const wake of this.syncedWaiters.splice(0)) wake();
      }
    });
    const fail = (error: Error): void => {
      this.failure ??= error;
      for (const wake of this.syncedWaiters.splice(0)) wake();
    };
    socket.on("error", fail);
    socket.on("close", (code, reason) => fail(new Error(`closed ${code} ${reason.toString()}`)));
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE || socket.readyState !== WebSocket.OPEN) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      socket.send(encoding.toUint8Array(encoder));
    });
  }

  /** Resolves once the server's sync step 2 has been applied; rejects on close or timeout. */
  async whenSynced(timeoutMs = 30_000): Promise<void> {
    if (!this.syncedFlag && !this.failure) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.syncedWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (this.syncedFlag) return;
    throw this.failure ?? new Error(`not synced after ${timeoutMs} ms`);
  }

  /** Resolves once everything sent so far has left the socket buffer. */
  async drain(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.socket.bufferedAmount > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    const closed = new Promise<void>((resolve) => this.socket.once("close", () => resolve()));
    this.socket.close(1000);
    setTimeout(() => this.socket.terminate(), 2_000).unref();
    return closed.finally(() => this.doc.destroy());
  }
}

import { CloseCode } from "@tablecloth/protocol";
import { MemoryDocStore } from "@tablecloth/storage";
import { afterEach, describe, expect, it } from "vitest";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { SyncConnection } from "../Connection";
import { SyncServer } from "../SyncServer";
import type { SyncSocket } from "../types";

/**
 * An in-process stand-in for the browser `WebSocket`, wired straight to a `SyncServer`, so the
 * stock y-websocket 3.1.0 provider runs unchanged against the engine. Frames are delivered
 * asynchronously and in order, like a real socket.
 */
class InProcessWebSocket {
  static server: SyncServer;
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  readyState = 0;
  binaryType = "arraybuffer";
  bufferedAmount = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: ArrayBuffer }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  private connection: SyncConnection | null = null;

  constructor(url: string) {
    const docName = new URL(url).pathname.split("/").pop() ?? "";
    setImmediate(() => {
      if (this.readyState !== 0) return;
      this.readyState = 1;
      const serverSide: SyncSocket = {
        send: (data) => this.deliver(data),
        close: (code, reason) => this.serverClosed(code, reason),
        bufferedAmount: 0,
      };
      this.connection = InProcessWebSocket.server.connect(docName, serverSide, {
        userId: new URL(url).searchParams.get("user") ?? "anon",
        role: "participant",
        readOnly: false,
      });
      this.onopen?.({});
    });
  }

  /** Client → server. */
  send(data: Uint8Array | ArrayBuffer | string): void {
    if (this.readyState !== 1) return;
    const frame = typeof data === "string" ? data : new Uint8Array(data.slice(0));
    setImmediate(() => this.connection?.receive(frame));
  }

  /** The client closes. */
  close(code = 1000, reason = ""): void {
    if (this.readyState >= 2) return;
    this.readyState = 3;
    setImmediate(() => {
      this.connection?.closed();
      this.onclose?.({ code, reason });
    });
  }

  /** The server closes (`SyncSocket.close`). */
  private serverClosed(code: number, reason: string): void {
    if (this.readyState >= 2) return;
    this.readyState = 2;
    setImmediate(() => {
      this.readyState = 3;
      this.onclose?.({ code, reason });
    });
  }

  /** Server → client (`SyncSocket.send`). */
  private deliver(data: Uint8Array): void {
    const copy = data.slice().buffer;
    setImmediate(() => {
      if (this.readyState !== 3) this.onmessage?.({ data: copy });
    });
  }
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((resolve) => setTimeout(resolve, 5));
  }
}

const providers: WebsocketProvider[] = [];
let server: SyncServer;

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await server.shutdown();
});

function provider(docName: string, user: string): WebsocketProvider {
  const p = new WebsocketProvider("ws://tablecloth.test/sync", docName, new Y.Doc(), {
    WebSocketPolyfill: InProcessWebSocket as unknown as typeof WebSocket,
    params: { user },
    disableBc: true,
  });
  providers.push(p);
  return p;
}

describe("the stock y-websocket 3.1.0 provider", () => {
  it("syncs docs and awareness through the engine", async () => {
    server = new SyncServer({ store: new MemoryDocStore() });
    InProcessWebSocket.server = server;
    const a = provider("board", "alice");
    a.doc.getMap("m").set("from", "alice");
    await waitFor(() => a.synced, "alice synced");
    const b = provider("board", "bob");
    await waitFor(() => b.synced, "bob synced");
    expect(b.doc.getMap("m").get("from")).toBe("alice");
    b.doc.getText("t").insert(0, "hi");
    await waitFor(() => a.doc.getText("t").toString() === "hi", "text at alice");
    a.awareness.setLocalStateField("name", "Alice");
    await waitFor(
      () => b.awareness.getStates().get(a.doc.clientID)?.name === "Alice",
      "alice's awareness at bob",
    );
    await server.flush();
  });

  it("stops reconnecting after a final close code (a text frame is a BadMessage)", async () => {
    server = new SyncServer({ store: new MemoryDocStore() });
    InProcessWebSocket.server = server;
    const a = provider("board", "alice");
    await waitFor(() => a.synced, "alice synced");
    let closed: { code: number } | null = null;
    a.on("closed", (event: { code: number }) => {
      closed = event;
    });
    a.ws?.send("not binary");
    await waitFor(() => closed !== null, "closed event");
    expect(closed).toEqual({ code: CloseCode.BadMessage, reason: "bad message" });
    expect(a.shouldConnect).toBe(false);
  });
});

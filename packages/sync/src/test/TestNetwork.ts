import type { DocStore } from "@tablecloth/storage";
import { MemoryDocStore } from "@tablecloth/storage";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import type { SyncConnection } from "../Connection";
import { MessageType } from "../messageType";
import type { SyncConfig } from "../SyncConfig";
import { SyncServer, type SyncServerOptions } from "../SyncServer";
import type { ConnectionContext, Logger, SyncSocket } from "../types";
import type { WriteGuard } from "../WriteGuard";
import { ManualScheduler } from "./ManualScheduler";

/** The server end of an in-memory socket: frames queue until the network delivers them. */
export class TestSocket implements SyncSocket {
  readonly toClient: Uint8Array[] = [];
  closeEvent: { code: number; reason: string } | null = null;

  get bufferedAmount(): number {
    let bytes = 0;
    for (const frame of this.toClient) bytes += frame.byteLength;
    return bytes;
  }

  send(data: Uint8Array): void {
    if (this.closeEvent !== null) return;
    this.toClient.push(data);
  }

  /** As the real transport's: the frames in order, each its own (a relay window's list). */
  sendMany(data: readonly Uint8Array[]): void {
    for (const frame of data) this.send(frame);
  }

  close(code: number, reason: string): void {
    if (this.closeEvent === null) this.closeEvent = { code, reason };
  }
}

/** One client connection: the socket pair plus the frames on their way to the server. */
export class TestLink {
  readonly socket = new TestSocket();
  readonly toServer: (Uint8Array | string)[] = [];
  connection: SyncConnection | null = null;
}

/**
 * A client speaking exactly what the stock y-websocket 3.1.0 provider speaks (same y-protocols
 * calls and framing), over a `TestLink` the network delivers explicitly.
 */
export class TestClient {
  readonly doc = new Y.Doc();
  readonly awareness: Awareness;
  link: TestLink | null = null;
  synced = false;
  /** Close codes the server sent this client, in order. */
  readonly closes: number[] = [];
  /** Every frame received, by message type (0 sync, 1 awareness, 3 query). */
  readonly receivedByType = new Map<number, number>();
  /** Every awareness update received. */
  readonly awarenessFrames: Uint8Array[] = [];

  constructor(
    private readonly network: TestNetwork,
    readonly context: ConnectionContext,
    options: { presence?: Record<string, unknown> | null } = {},
  ) {
    this.awareness = new Awareness(this.doc);
    this.awareness.setLocalState(options.presence === undefined ? null : options.presence);
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.Sync);
      syncProtocol.writeUpdate(encoder, update);
      this.send(encoding.toUint8Array(encoder));
    });
    this.awareness.on(
      "update",
      ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MessageType.Awareness);
        encoding.writeVarUint8Array(
          encoder,
          encodeAwarenessUpdate(this.awareness, added.concat(updated, removed)),
        );
        this.send(encoding.toUint8Array(encoder));
      },
    );
  }

  get connected(): boolean {
    return this.link !== null;
  }

  /** Opens a connection: like the stock provider's `onopen`, sends step 1 and the local awareness. */
  connect(docName: string): TestLink {
    if (this.link !== null) throw new Error("already connected");
    const link = new TestLink();
    this.link = link;
    this.synced = false;
    link.connection = this.network.server.connect(docName, link.socket, this.context);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    this.send(encoding.toUint8Array(encoder));
    if (this.awareness.getLocalState() !== null) {
      const awarenessEncoder = encoding.createEncoder();
      encoding.writeVarUint(awarenessEncoder, MessageType.Awareness);
      encoding.writeVarUint8Array(
        awarenessEncoder,
        encodeAwarenessUpdate(this.awareness, [this.doc.clientID]),
      );
      this.send(encoding.toUint8Array(awarenessEncoder));
    }
    return link;
  }

  /** The client drops its connection (frames in flight either way are lost); it keeps its doc. */
  disconnect(): void {
    const link = this.link;
    if (link === null) return;
    this.link = null;
    this.synced = false;
    link.connection?.closed();
    this.dropRemoteAwareness();
  }

  /** Queues a raw frame to the server (tests use it for malformed input). */
  send(frame: Uint8Array | string): void {
    this.link?.toServer.push(frame);
  }

  /** Delivers one frame server→client; returns false when none was queued. */
  deliverToClient(): boolean {
    const link = this.link;
    if (link === null) return false;
    const frame = link.socket.toClient.shift();
    if (frame !== undefined) {
      this.handle(frame);
      return true;
    }
    if (link.socket.closeEvent !== null) {
      this.closes.push(link.socket.closeEvent.code);
      this.link = null;
      this.synced = false;
      link.connection?.closed();
      this.dropRemoteAwareness();
      return true;
    }
    return false;
  }

  /** Delivers one frame client→server; returns false when none was queued. */
  deliverToServer(): boolean {
    const link = this.link;
    if (link === null || link.socket.closeEvent !== null) return false;
    const frame = link.toServer.shift();
    if (frame === undefined) return false;
    link.connection?.receive(frame);
    return true;
  }

  /**
   * Delivers up to `count` client→server frames as one transport read (`beginBatch` … `endBatch`,
   * as the ws transport does per TCP read); `end: false` leaves the batch open, as a transport
   * that failed mid-read would. Returns how many were delivered.
   */
  deliverBurstToServer(count: number, end = true): number {
    const link = this.link;
    if (link === null || link.socket.closeEvent !== null) return 0;
    link.connection?.beginBatch();
    let delivered = 0;
    while (delivered < count && this.deliverToServer()) delivered++;
    if (end) link.connection?.endBatch();
    return delivered;
  }

  /** Frames waiting in either direction (a pending server close counts as one). */
  get queued(): number {
    const link = this.link;
    if (link === null) return 0;
    const closing = link.socket.closeEvent !== null ? 1 : 0;
    const toServer = link.socket.closeEvent !== null ? 0 : link.toServer.length;
    return link.socket.toClient.length + toServer + closing;
  }

  /** Stops this client's awareness timer and doc. */
  destroy(): void {
    this.disconnect();
    this.awareness.destroy();
    this.doc.destroy();
  }

  private handle(frame: Uint8Array): void {
    const decoder = decoding.createDecoder(frame);
    const encoder = encoding.createEncoder();
    const type = decoding.readVarUint(decoder);
    this.receivedByType.set(type, (this.receivedByType.get(type) ?? 0) + 1);
    switch (type) {
      case MessageType.Sync: {
        encoding.writeVarUint(encoder, MessageType.Sync);
        const syncType = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
        if (syncType === syncProtocol.messageYjsSyncStep2) this.synced = true;
        break;
      }
      case MessageType.QueryAwareness:
        encoding.writeVarUint(encoder, MessageType.Awareness);
        encoding.writeVarUint8Array(
          encoder,
          encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]),
        );
        break;
      case MessageType.Awareness: {
        const update = decoding.readVarUint8Array(decoder);
        this.awarenessFrames.push(update);
        applyAwarenessUpdate(this.awareness, update, this);
        break;
      }
      default:
        throw new Error(`client got unknown message type ${type}`);
    }
    if (encoding.length(encoder) > 1) this.send(encoding.toUint8Array(encoder));
  }

  private dropRemoteAwareness(): void {
    const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
    removeAwarenessStates(this.awareness, others, this);
  }
}

export interface TestNetworkOptions {
  store?: DocStore;
  config?: Partial<SyncConfig>;
  logger?: Logger;
  onLoad?: SyncServerOptions["onLoad"];
  /** Deliver client→server frames in bursts, as transport reads (see `deliverBurstToServer`). */
  batchReads?: boolean;
}

/**
 * A `SyncServer` on a `ManualScheduler` with in-memory clients: nothing moves until the test
 * delivers frames (`deliverAll`, `deliverRandom`) or advances time (`run`).
 */
export class TestNetwork {
  readonly scheduler = new ManualScheduler();
  readonly store: DocStore;
  server: SyncServer;
  readonly clients: TestClient[] = [];
  private readonly options: TestNetworkOptions;

  constructor(options: TestNetworkOptions = {}) {
    this.options = options;
    this.store = options.store ?? new MemoryDocStore();
    this.server = this.newServer();
  }

  /** Replaces the server with a fresh one on the same store (after `shutdown`). */
  restartServer(): SyncServer {
    this.server = this.newServer();
    return this.server;
  }

  client(
    userId: string,
    options: {
      readOnly?: boolean;
      role?: string;
      name?: string;
      presence?: Record<string, unknown> | null;
      writeGuard?: WriteGuard;
    } = {},
  ): TestClient {
    const context: ConnectionContext = {
      userId,
      role: options.role ?? "participant",
      readOnly: options.readOnly ?? false,
      ...(options.name === undefined ? {} : { name: options.name }),
    };
    if (options.writeGuard) context.writeGuard = options.writeGuard;
    const client = new TestClient(this, context, { presence: options.presence });
    this.clients.push(client);
    return client;
  }

  /** Delivers every queued frame, round-robin over clients and directions, until none is left. */
  deliverAll(): boolean {
    let any = false;
    for (;;) {
      let progressed = false;
      for (const client of this.clients) {
        if (this.options.batchReads === true) {
          if (client.deliverBurstToServer(Number.POSITIVE_INFINITY) > 0) progressed = true;
        } else if (client.deliverToServer()) progressed = true;
        if (client.deliverToClient()) progressed = true;
      }
      if (!progressed) return any;
      any = true;
    }
  }

  /** Delivers up to `max` frames, each from a random client and direction (FIFO per direction). */
  deliverRandom(random: () => number, max: number): number {
    let delivered = 0;
    while (delivered < max) {
      const busy = this.clients.filter((client) => client.queued > 0);
      if (busy.length === 0) break;
      const client = busy[Math.floor(random() * busy.length)]!;
      if (this.options.batchReads === true && random() < 0.5) {
        const burst = client.deliverBurstToServer(1 + Math.floor(random() * 6), random() < 0.9);
        if (burst > 0) {
          delivered += burst;
          continue;
        }
      }
      const ok =
        random() < 0.5
          ? client.deliverToServer() || client.deliverToClient()
          : client.deliverToClient() || client.deliverToServer();
      if (ok) delivered++;
    }
    return delivered;
  }

  /** Lets pending promises (store calls) finish, runs due zero-delay timers and delivers everything. */
  async settle(): Promise<void> {
    let idle = 0;
    for (let round = 0; round < 10_000 && idle < 2; round++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      let progressed = this.deliverAll();
      while (this.scheduler.step(0)) progressed = true;
      idle = progressed ? 0 : idle + 1;
    }
  }

  /** Advances virtual time by `ms`, running timers in order and settling after each. */
  async run(ms: number): Promise<void> {
    const end = this.scheduler.now() + ms;
    await this.settle();
    while (this.scheduler.step(end - this.scheduler.now())) await this.settle();
    this.scheduler.advance(end - this.scheduler.now());
    await this.settle();
  }

  /** The server's doc as JSON plus its state vector (loads it if needed; writes nothing). */
  async serverView(docName: string): Promise<{ json: unknown; stateVector: Map<number, number> }> {
    let view: { json: unknown; stateVector: Map<number, number> } | null = null;
    await this.server.transact(docName, "probe", (doc) => {
      view = viewOf(doc);
    });
    if (view === null) throw new Error("transact did not run");
    return view;
  }

  /** Destroys every client and shuts the server down. */
  async close(): Promise<void> {
    for (const client of this.clients) client.destroy();
    await this.server.shutdown();
  }

  private newServer(): SyncServer {
    return new SyncServer({
      store: this.store,
      config: this.options.config,
      scheduler: this.scheduler,
      logger: this.options.logger,
      onLoad: this.options.onLoad,
    });
  }
}

/**
 * A doc's content (the roots tests write: map "m", array "a", text "t") and state vector, for
 * equality assertions. Roots are read by type because a doc that only received updates does not
 * know their types until asked.
 */
export function viewOf(doc: Y.Doc): { json: unknown; stateVector: Map<number, number> } {
  return {
    json: {
      m: doc.getMap("m").toJSON(),
      a: doc.getArray("a").toJSON(),
      t: doc.getText("t").toString(),
    },
    stateVector: Y.decodeStateVector(Y.encodeStateVector(doc)),
  };
}

import { CloseCode } from "@tablecloth/protocol";
import * as encoding from "lib0/encoding";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { encodeSyncStep1, encodeSyncUpdate } from "../encodeMessage";
import { TestNetwork, viewOf } from "./TestNetwork";

let network: TestNetwork;
afterEach(async () => {
  await network.close();
});

function frame(...bytes: number[]): Uint8Array {
  return new Uint8Array(bytes);
}

/** An update adding an item whose left origin (client 999999, clock 5) the doc never saw. */
function updateWithMissingDependency(): Uint8Array {
  const origin = new Y.Doc();
  origin.clientID = 999_999;
  origin.getArray("a").insert(0, [1, 2, 3, 4, 5, 6]);
  const child = new Y.Doc();
  child.clientID = 123_456;
  Y.applyUpdate(child, Y.encodeStateAsUpdate(origin));
  child.getArray("a").insert(6, [7]);
  return Y.encodeStateAsUpdate(child, Y.encodeStateVector(origin));
}

const badFrames: [string, Uint8Array | string][] = [
  ["a text frame", "hello"],
  ["an empty frame", frame()],
  ["a truncated sync frame", frame(0)],
  ["a truncated sync payload", frame(0, 2, 10, 1)],
  ["an unknown message type", frame(9)],
  ["an auth message", frame(2, 0)],
  ["an unknown sync message type", frame(0, 7, 0)],
  ["trailing bytes", frame(3, 3)],
  ["a malformed state vector", encodeSyncStep1(frame(5, 1))],
  ["an invalid Yjs update", encodeSyncUpdate(frame(1, 1, 200, 1, 0, 9, 9, 9))],
  ["garbage in a Yjs update", encodeSyncUpdate(frame(255, 255, 255, 255, 15))],
  (() => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint8Array(encoder, frame(1, 5, 1, 9, 123));
    return ["a malformed awareness update", encoding.toUint8Array(encoder)] as [string, Uint8Array];
  })(),
];

describe("bad input closes only its sender with BadMessage", () => {
  for (const [what, bad] of badFrames) {
    it(`for ${what}`, async () => {
      network = new TestNetwork();
      const alice = network.client("alice");
      const bob = network.client("bob");
      const mallory = network.client("mallory");
      alice.connect("doc");
      bob.connect("doc");
      mallory.connect("doc");
      await network.settle();
      const before = await network.serverView("doc");
      mallory.send(bad);
      await network.settle();
      expect(mallory.closes).toEqual([CloseCode.BadMessage]);
      expect(await network.serverView("doc")).toEqual(before);
      alice.doc.getMap("m").set("still", "syncing");
      await network.settle();
      expect(bob.doc.getMap("m").get("still")).toBe("syncing");
      expect(alice.closes).toEqual([]);
      expect(bob.closes).toEqual([]);
    });
  }

  it("for an update with missing dependencies after the sender's step 2", async () => {
    network = new TestNetwork();
    const alice = network.client("alice");
    const mallory = network.client("mallory");
    alice.connect("doc");
    mallory.connect("doc");
    await network.settle();
    alice.doc.getArray("a").insert(0, ["x"]);
    await network.settle();
    mallory.send(encodeSyncUpdate(updateWithMissingDependency()));
    await network.settle();
    expect(mallory.closes).toEqual([CloseCode.BadMessage]);
    expect(network.server.metrics.pendingDiscarded).toBe(1);
    const server = await network.serverView("doc");
    expect(server).toEqual(viewOf(alice.doc));
    await network.run(100);
    const stored = await network.store.load("doc");
    expect(stored.lastSeq).toBe(1);
  });

  it("but accepts a reconnecting client's fresh edit that arrives before its step 2", async () => {
    network = new TestNetwork();
    const alice = network.client("alice");
    const bob = network.client("bob");
    bob.connect("doc");
    alice.doc.getText("t").insert(0, "offline ");
    alice.connect("doc");
    // The fresh edit is sent at once, before the server's step 1 reaches alice.
    alice.doc.getText("t").insert(8, "online");
    // Deliver alice's frames in order (step 1, the fresh update) but hold the server's answer.
    while (alice.deliverToServer()) {}
    let pending = false;
    await network.server.transact("doc", "probe", (doc) => {
      pending = doc.store.pendingStructs !== null;
    });
    expect(pending).toBe(true);
    expect(network.server.metrics.closesByCode).toEqual({});
    await network.settle();
    expect(alice.closes).toEqual([]);
    expect(bob.doc.getText("t").toString()).toBe("offline online");
    expect(await network.serverView("doc")).toEqual(viewOf(alice.doc));
  });
});

describe("size limits", () => {
  it("closes a frame over maxFrameBytes with TooLarge", async () => {
    network = new TestNetwork({ config: { maxFrameBytes: 1_000 } });
    const alice = network.client("alice");
    const bob = network.client("bob");
    alice.connect("doc");
    bob.connect("doc");
    await network.settle();
    alice.doc.getText("t").insert(0, "x".repeat(2_000));
    await network.settle();
    expect(alice.closes).toEqual([CloseCode.TooLarge]);
    expect(bob.doc.getText("t").length).toBe(0);
  });

  it("refuses an update that would grow the doc past maxDocBytes: not applied, stored or relayed", async () => {
    network = new TestNetwork({ config: { maxDocBytes: 3_000, maxFrameBytes: 3_000 } });
    const alice = network.client("alice");
    const bob = network.client("bob");
    alice.connect("doc");
    bob.connect("doc");
    await network.settle();
    alice.doc.getText("t").insert(0, "a".repeat(1_000));
    await network.settle();
    expect(bob.doc.getText("t").length).toBe(1_000);
    alice.doc.getText("t").insert(0, "b".repeat(2_500));
    await network.run(100);
    expect(alice.closes).toEqual([CloseCode.TooLarge]);
    expect(bob.doc.getText("t").length).toBe(1_000);
    expect((await network.serverView("doc")).json).toEqual(viewOf(bob.doc).json);
    expect((await network.store.load("doc")).lastSeq).toBe(1);
    expect(network.server.metrics.updatesRejected).toBe(1);
  });

  it("closes a consumer whose send queue passes maxBufferedBytes with SlowConsumer", async () => {
    network = new TestNetwork({
      config: {
        maxBufferedBytes: 5_000,
        maxFrameBytes: 5_000,
        maxAwarenessStatesPerRoom: 4,
        maxAwarenessStateBytes: 1_000,
      },
    });
    const alice = network.client("alice");
    const bob = network.client("bob");
    alice.connect("doc");
    bob.connect("doc");
    await network.settle();
    // Bob stops reading: only alice's frames move, and the server's ticks run.
    for (let i = 0; i < 20; i++) {
      alice.doc.getText("t").insert(0, "y".repeat(500));
      while (alice.deliverToServer()) {}
      while (alice.deliverToClient()) {}
      network.scheduler.advance(0);
    }
    expect(bob.link?.socket.closeEvent?.code).toBe(CloseCode.SlowConsumer);
    expect(alice.link?.socket.closeEvent).toBeNull();
    await network.settle();
    expect(bob.closes).toEqual([CloseCode.SlowConsumer]);
    expect(alice.closes).toEqual([]);
  });

  it("closes a connection holding more than maxHeldBytes during a load with TooLarge", async () => {
    network = new TestNetwork({ config: { maxHeldBytes: 100 } });
    const alice = network.client("alice");
    alice.connect("doc");
    alice.doc.getText("t").insert(0, "z".repeat(200));
    while (alice.deliverToServer()) {}
    await network.settle();
    expect(alice.closes).toEqual([CloseCode.TooLarge]);
  });
});

describe("rate limit per participant", () => {
  it("closes a participant over the burst with RateLimited, across their connections", async () => {
    network = new TestNetwork({ config: { messagesPerSecond: 10, messageBurst: 20 } });
    const phone = network.client("alice");
    const laptop = network.client("alice");
    const bob = network.client("bob");
    phone.connect("doc");
    laptop.connect("doc");
    bob.connect("doc");
    await network.settle();
    // Two step-1 frames per connection were already spent; alternate query frames.
    for (let i = 0; i < 10; i++) {
      phone.send(frame(3));
      laptop.send(frame(3));
      bob.send(frame(3));
    }
    await network.settle();
    expect(phone.closes.concat(laptop.closes)).toContain(CloseCode.RateLimited);
    expect(bob.closes).toEqual([]);
    expect(network.server.metrics.closesByCode[CloseCode.RateLimited]).toBeGreaterThanOrEqual(1);
  });

  it("refills the bucket over time", async () => {
    network = new TestNetwork({ config: { messagesPerSecond: 10, messageBurst: 5 } });
    const alice = network.client("alice");
    alice.connect("doc");
    await network.settle();
    for (let i = 0; i < 10; i++) {
      alice.send(frame(3));
      await network.run(150);
    }
    expect(alice.closes).toEqual([]);
  });
});

describe("read-only connections", () => {
  it("drop sync step 2 and updates (never applied, relayed or stored) but sync and share awareness", async () => {
    network = new TestNetwork();
    const alice = network.client("alice");
    const observer = network.client("observer", { readOnly: true, presence: { name: "Obs" } });
    observer.doc.getMap("m").set("offline", "write");
    alice.connect("doc");
    observer.connect("doc");
    await network.settle();
    observer.doc.getMap("m").set("live", "write");
    alice.doc.getMap("m").set("alice", 1);
    await network.run(100);
    expect(alice.doc.getMap("m").toJSON()).toEqual({ alice: 1 });
    expect(observer.doc.getMap("m").get("alice")).toBe(1);
    expect((await network.serverView("doc")).json).toEqual({ m: { alice: 1 }, a: [], t: "" });
    expect((await network.store.history("doc")).map((entry) => entry.author)).toEqual(["alice"]);
    expect(network.server.metrics.updatesDropped).toBe(2);
    expect(alice.awareness.getStates().get(observer.doc.clientID)).toEqual({
      name: "Obs",
      user: { id: "observer", name: "observer", role: "participant" },
    });
    expect(observer.closes).toEqual([]);
  });
});

// Over 400 lines on purpose: the room registry's load/unload/handover cases, one scenario each,
// sharing one test network.
import { CloseCode } from "@tablecloth/protocol";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { ControlledStore } from "./ControlledStore";
import { TestNetwork, viewOf } from "./TestNetwork";

let network: TestNetwork;
afterEach(async () => {
  await network.close();
});

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("loading", () => {
  it("merges concurrent loads of one doc into one store.load", async () => {
    const store = new ControlledStore();
    network = new TestNetwork({ store });
    store.holdLoads();
    const alice = network.client("alice");
    const bob = network.client("bob");
    alice.connect("doc");
    bob.connect("doc");
    await network.settle();
    expect(store.loadCalls).toBe(1);
    expect(alice.synced).toBe(false);
    expect(network.server.metrics.pendingLoads).toBe(1);
    store.releaseLoads();
    await network.settle();
    expect(alice.synced && bob.synced).toBe(true);
    expect(store.loadCalls).toBe(1);
    expect(network.server.metrics.loads).toBe(1);
  });

  it("holds frames received during the load and processes them in order after it", async () => {
    const store = new ControlledStore();
    await store.inner.append([
      {
        docName: "doc",
        update: (() => {
          const seed = new Y.Doc();
          seed.getMap("m").set("stored", true);
          return Y.encodeStateAsUpdate(seed);
        })(),
        at: 1,
        author: "earlier",
      },
    ]);
    network = new TestNetwork({ store });
    store.holdLoads();
    const alice = network.client("alice");
    alice.connect("doc");
    alice.doc.getMap("m").set("k", 1);
    alice.doc.getMap("m").set("k", 2);
    await network.settle();
    expect(alice.synced).toBe(false);
    store.releaseLoads();
    await network.run(100);
    expect(alice.synced).toBe(true);
    expect(alice.doc.getMap("m").toJSON()).toEqual({ stored: true, k: 2 });
    const server = await network.serverView("doc");
    expect(server).toEqual(viewOf(alice.doc));
    const history = await store.history("doc");
    expect(history.map((entry) => entry.author)).toEqual(["earlier", "alice", "alice"]);
  });

  it("closes waiting connections with InternalError when the load fails and stores nothing", async () => {
    const store = new ControlledStore();
    network = new TestNetwork({ store });
    store.failLoads = true;
    const alice = network.client("alice");
    alice.doc.getMap("m").set("offline", 1);
    alice.connect("doc");
    await network.run(200);
    expect(alice.closes).toEqual([CloseCode.InternalError]);
    expect(await store.exists("doc")).toBe(false);
    expect(store.appends).toEqual([]);
    expect(network.server.isLoaded("doc")).toBe(false);
    expect(network.server.metrics.loadFailures).toBe(1);
    expect(network.server.metrics.connections).toBe(0);

    store.failLoads = false;
    alice.connect("doc");
    await network.run(100);
    expect(alice.synced).toBe(true);
    expect(network.server.isLoaded("doc")).toBe(true);
  });

  it("fails the load and stores none of its changes when onLoad throws", async () => {
    const store = new ControlledStore();
    let fail = true;
    network = new TestNetwork({
      store,
      onLoad: (_docName, doc) => {
        doc.getMap("m").set("migrated", true);
        if (fail) throw new Error("migration failed");
      },
    });
    const alice = network.client("alice");
    alice.connect("doc");
    await network.run(200);
    expect(alice.closes).toEqual([CloseCode.InternalError]);
    expect(store.appends).toEqual([]);

    fail = false;
    alice.connect("doc");
    await network.run(200);
    expect(alice.doc.getMap("m").get("migrated")).toBe(true);
    const history = await store.history("doc");
    expect(history.map((entry) => entry.author)).toEqual(["system"]);
  });

  it("closes a connection that would start a load past maxPendingLoads with Overloaded", async () => {
    const store = new ControlledStore();
    network = new TestNetwork({ store, config: { maxPendingLoads: 1 } });
    store.holdLoads();
    const alice = network.client("alice");
    const bob = network.client("bob");
    const carol = network.client("carol");
    alice.connect("one");
    bob.connect("two");
    carol.connect("one");
    await network.settle();
    expect(bob.closes).toEqual([CloseCode.Overloaded]);
    store.releaseLoads();
    await network.settle();
    expect(alice.synced && carol.synced).toBe(true);
  });
});

describe("unloading", () => {
  it("unloads a doc once the grace period after its last connection passed", async () => {
    network = new TestNetwork({ config: { unloadGraceMs: 1_000 } });
    const alice = network.client("alice");
    alice.connect("doc");
    alice.doc.getMap("m").set("k", 1);
    await network.settle();
    alice.disconnect();
    await network.run(900);
    expect(network.server.isLoaded("doc")).toBe(true);
    alice.connect("doc");
    await network.run(2_000);
    expect(network.server.isLoaded("doc")).toBe(true);
    alice.disconnect();
    await network.run(1_100);
    expect(network.server.isLoaded("doc")).toBe(false);
    expect(network.server.loadedDocNames()).toEqual([]);
    expect(network.server.metrics.unloads).toBe(1);
    expect(network.server.metrics.loadedDocs).toBe(0);
    expect((await store(network).load("doc")).lastSeq).toBe(1);
  });

  it("unloads when the last connection is closed by the server", async () => {
    network = new TestNetwork({ config: { unloadGraceMs: 0 } });
    const alice = network.client("alice");
    alice.connect("doc");
    await network.settle();
    alice.send("text frame");
    await network.run(100);
    expect(alice.closes).toEqual([CloseCode.BadMessage]);
    expect(network.server.isLoaded("doc")).toBe(false);
  });

  it("unloads a doc whose only waiting connection left during the load", async () => {
    const store = new ControlledStore();
    network = new TestNetwork({ store, config: { unloadGraceMs: 0 } });
    store.holdLoads();
    const alice = network.client("alice");
    alice.connect("doc");
    await network.settle();
    alice.disconnect();
    store.releaseLoads();
    await network.run(100);
    expect(network.server.isLoaded("doc")).toBe(false);
    expect(network.server.metrics.unloads).toBe(1);
  });

  // The café rotation: the last of one group leaves as the next arrives. Whatever the
  // interleaving with the final save, the newcomer gets the full state.
  for (let hops = 0; hops < 8; hops++) {
    it(`hands a doc over with grace 0 (newcomer after ${hops} async steps)`, async () => {
      const store = new ControlledStore();
      network = new TestNetwork({ store, config: { unloadGraceMs: 0, persistFlushMs: 50 } });
      const alice = network.client("alice");
      alice.connect("doc");
      await network.settle();
      alice.doc.getText("t").insert(0, "table one");
      network.deliverAll();
      alice.disconnect();
      for (let i = 0; i < hops; i++) await tick();
      const bob = network.client("bob");
      bob.connect("doc");
      await network.run(100);
      expect(bob.doc.getText("t").toString()).toBe("table one");
      bob.disconnect();
      await network.run(100);
      expect(network.server.isLoaded("doc")).toBe(false);
      const reloaded = new Y.Doc();
      const stored = await store.load("doc");
      if (stored.checkpoint) Y.applyUpdate(reloaded, stored.checkpoint);
      for (const update of stored.updates) Y.applyUpdate(reloaded, update);
      expect(reloaded.getText("t").toString()).toBe("table one");
    });
  }

  it("lets a newcomer reclaim a doc whose final save is still running", async () => {
    const store = new ControlledStore();
    network = new TestNetwork({ store, config: { unloadGraceMs: 0 } });
    const alice = network.client("alice");
    alice.connect("doc");
    await network.settle();
    alice.doc.getText("t").insert(0, "kept");
    network.deliverAll();
    store.holdAppends();
    alice.disconnect();
    await network.settle();
    expect(store.appendsInFlight).toBe(1);
    const bob = network.client("bob");
    bob.connect("doc");
    await network.settle();
    expect(bob.doc.getText("t").toString()).toBe("kept");
    expect(store.loadCalls).toBe(1);
    expect(network.server.metrics.revivals).toBe(1);
    store.releaseAppends();
    await network.run(100);
    expect(network.server.isLoaded("doc")).toBe(true);
  });

  it("unloads a doc whose final save failed; the writer keeps and retries its entries", async () => {
    const store = new ControlledStore();
    network = new TestNetwork({ store, config: { unloadGraceMs: 0, logRetryMs: 50 } });
    const alice = network.client("alice");
    alice.connect("doc");
    await network.settle();
    alice.doc.getText("t").insert(0, "precious");
    network.deliverAll();
    store.failAppends = 2;
    alice.disconnect();
    await network.settle();
    // Rooms unload on every path, a failed save too (they stayed loaded forever on a full disk).
    expect(network.server.isLoaded("doc")).toBe(false);
    expect((await store.load("doc")).lastSeq).toBe(0);
    await network.run(200);
    expect(network.server.metrics.logAppendFailures).toBe(2);
    expect((await store.load("doc")).lastSeq).toBe(1);
  });
});

describe("server-side writes and revocation", () => {
  it("transact loads the doc, logs the author, relays, and unloads after grace", async () => {
    network = new TestNetwork({ config: { unloadGraceMs: 0 } });
    await network.server.transact("doc", "api:facilitator", (doc) => {
      doc.getMap("m").set("phase", "round-1");
    });
    await network.run(100);
    expect(network.server.isLoaded("doc")).toBe(false);
    expect((await network.store.history("doc")).map((entry) => entry.author)).toEqual([
      "api:facilitator",
    ]);

    const alice = network.client("alice");
    alice.connect("doc");
    await network.settle();
    expect(alice.doc.getMap("m").get("phase")).toBe("round-1");
    await network.server.transact("doc", "api:facilitator", (doc) => {
      doc.getMap("m").set("phase", "round-2");
    });
    await network.settle();
    expect(alice.doc.getMap("m").get("phase")).toBe("round-2");
  });

  it("read loads the doc and sees held updates, but logs, relays and counts nothing", async () => {
    network = new TestNetwork({ config: { unloadGraceMs: 0 } });
    await network.server.transact("doc", "api:facilitator", (doc) => {
      doc.getMap("m").set("phase", "round-1");
    });
    await network.run(100);
    expect(network.server.isLoaded("doc")).toBe(false);
    // Loaded from the store, read, and unloaded again (grace 0).
    const phase = await network.server.read("doc", (doc) => doc.getMap("m").get("phase"));
    expect(phase).toBe("round-1");
    await network.run(100);
    expect(network.server.isLoaded("doc")).toBe(false);

    const alice = network.client("alice");
    const bob = network.client("bob");
    alice.connect("doc");
    bob.connect("doc");
    await network.settle();
    const broadcasts = network.server.metrics.updateBroadcasts;
    alice.doc.getMap("m").set("phase", "round-2");
    network.deliverAll();
    // Alice's frame has reached the server; the read sees it whether or not it was applied yet.
    expect(await network.server.read("doc", (doc) => doc.getMap("m").get("phase"))).toBe("round-2");
    await network.settle();
    expect(network.server.metrics.serverWrites).toBe(1);
    expect(network.server.metrics.updateBroadcasts).toBe(broadcasts + 1);
    await network.server.flush();
    expect(await network.store.history("doc")).toHaveLength(2);
  });

  it("relays a tick's server writes together at the tick, in order with client updates", async () => {
    network = new TestNetwork();
    const alice = network.client("alice");
    const bob = network.client("bob");
    alice.connect("doc");
    bob.connect("doc");
    await network.settle();
    const bobSocket = bob.link?.socket;
    if (bobSocket === undefined) throw new Error("bob is not connected");
    const broadcasts = network.server.metrics.updateBroadcasts;
    for (const phase of ["round-1", "round-2", "round-3"]) {
      await network.server.transact("doc", "api:facilitator", (doc) => {
        doc.getMap("m").set("phase", phase);
      });
    }
    // Nothing relayed yet: the writes wait for the tick, then leave in one broadcast.
    expect(bobSocket.toClient).toHaveLength(0);
    expect(network.scheduler.step(0)).toBe(true);
    expect(bobSocket.toClient).toHaveLength(3);
    expect(network.server.metrics.updateBroadcasts).toBe(broadcasts + 1);
    network.deliverAll();
    expect(bob.doc.getMap("m").get("phase")).toBe("round-3");
    expect(alice.doc.getMap("m").get("phase")).toBe("round-3");

    // A client update relayed at once takes the waiting server write along, in order.
    await network.server.transact("doc", "api:facilitator", (doc) => {
      doc.getMap("m").set("phase", "round-4");
    });
    alice.doc.getMap("m").set("note", "after round 4");
    expect(alice.deliverToServer()).toBe(true);
    expect(bobSocket.toClient).toHaveLength(2);
    network.deliverAll();
    expect(bob.doc.getMap("m").toJSON()).toEqual({ phase: "round-4", note: "after round 4" });
    // The tick finds nothing left to send.
    const after = network.server.metrics.updateBroadcasts;
    await network.settle();
    expect(network.server.metrics.updateBroadcasts).toBe(after);
    await network.server.flush();
    expect((await network.store.history("doc")).map((entry) => entry.author)).toEqual([
      ...Array(4).fill("api:facilitator"),
      "alice",
    ]);
  });

  it("relays a crowded room's server writes together within the relay window", async () => {
    network = new TestNetwork({ config: { serverWriteCrowd: 2, serverWriteCrowdRelayMs: 40 } });
    const readers = ["r1", "r2", "r3"].map((id) => network.client(id, { readOnly: true }));
    for (const reader of readers) reader.connect("doc");
    await network.settle();
    const sockets = readers.map((reader) => {
      const socket = reader.link?.socket;
      if (socket === undefined) throw new Error("not connected");
      return socket;
    });
    const broadcasts = network.server.metrics.updateBroadcasts;
    const write = (phase: string) =>
      network.server.transact("doc", "api:facilitator", (doc) => {
        doc.getMap("m").set("phase", phase);
      });
    await write("a");
    await network.run(20);
    await write("b");
    // Three connections, more than the crowd of 2: nothing at the tick, both at the window's end.
    expect(sockets.map((socket) => socket.toClient.length)).toEqual([0, 0, 0]);
    expect(network.scheduler.step(20)).toBe(true);
    expect(sockets.map((socket) => socket.toClient.length)).toEqual([2, 2, 2]);
    expect(network.server.metrics.updateBroadcasts).toBe(broadcasts + 1);
    await network.settle();
    expect(readers.map((reader) => reader.doc.getMap("m").get("phase"))).toEqual(["b", "b", "b"]);

    // One reader leaves: two is no crowd, so the next write goes at the tick.
    readers[2]?.disconnect();
    await network.settle();
    await write("c");
    expect(network.scheduler.step(0)).toBe(true);
    expect(sockets.slice(0, 2).map((socket) => socket.toClient.length)).toEqual([1, 1]);
    await network.settle();
    expect(readers.slice(0, 2).map((r) => r.doc.getMap("m").get("phase"))).toEqual(["c", "c"]);
  });

  it("closeConnections closes exactly the matching connections", async () => {
    network = new TestNetwork();
    const alice = network.client("alice");
    const alice2 = network.client("alice");
    const bob = network.client("bob");
    alice.connect("one");
    alice2.connect("two");
    bob.connect("one");
    await network.settle();
    const count = network.server.closeConnections(
      (_docName, context) => context.userId === "alice",
      CloseCode.Forbidden,
    );
    await network.settle();
    expect(count).toBe(2);
    expect(alice.closes).toEqual([CloseCode.Forbidden]);
    expect(alice2.closes).toEqual([CloseCode.Forbidden]);
    expect(bob.connected).toBe(true);
    expect(network.server.metrics.closesByCode[CloseCode.Forbidden]).toBe(2);
  });

  it("forEachConnection visits every connection not yet closed, and no closed one", async () => {
    network = new TestNetwork();
    const alice = network.client("alice");
    const alice2 = network.client("alice");
    const bob = network.client("bob");
    alice.connect("one");
    alice2.connect("two");
    bob.connect("one");
    await network.settle();
    const seen = () => {
      const visits: string[] = [];
      network.server.forEachConnection((docName, context) => {
        visits.push(`${context.userId}@${docName}`);
      });
      return visits.sort();
    };
    expect(seen()).toEqual(["alice@one", "alice@two", "bob@one"]);
    alice2.disconnect();
    await network.settle();
    expect(seen()).toEqual(["alice@one", "bob@one"]);
  });

  it("shutdown closes everyone with GoingAway, stores everything and unloads", async () => {
    const store = new ControlledStore();
    network = new TestNetwork({ store, config: { persistFlushMs: 100 } });
    const alice = network.client("alice");
    alice.connect("doc");
    await network.settle();
    alice.doc.getMap("m").set("last", "word");
    network.deliverAll();
    await network.server.shutdown();
    await network.settle();
    expect(alice.closes).toEqual([CloseCode.GoingAway]);
    expect(network.server.loadedDocNames()).toEqual([]);
    expect((await store.load("doc")).lastSeq).toBe(1);
    network.restartServer();
  });
});

function store(net: TestNetwork) {
  return net.store;
}

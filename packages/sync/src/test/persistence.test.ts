import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { ControlledStore } from "./ControlledStore";
import { TestNetwork, viewOf } from "./TestNetwork";

let network: TestNetwork;
afterEach(async () => {
  await network.close();
});

describe("persistence", () => {
  it("appends the updates of every doc in one batched call per flush", async () => {
    const store = new ControlledStore();
    network = new TestNetwork({ store, config: { persistFlushMs: 50 } });
    const alice = network.client("alice");
    const bob = network.client("bob");
    alice.connect("one");
    bob.connect("two");
    await network.settle();
    for (let i = 0; i < 5; i++) {
      alice.doc.getArray("a").push([i]);
      bob.doc.getArray("a").push([i]);
      await network.settle();
      network.scheduler.advance(5);
    }
    expect(store.appends).toEqual([]);
    await network.run(50);
    expect(store.appends).toHaveLength(1);
    expect(store.appends[0]).toMatchObject({ entries: 10, ok: true });
    expect(store.appends[0]!.docs.sort()).toEqual(["one", "two"]);
    expect(network.server.metrics.logBatches).toBe(1);
    expect(network.server.metrics.logEntries).toBe(10);
  });

  it("stores a checkpoint every checkpointEvery updates, covering exactly the log so far", async () => {
    const store = new ControlledStore();
    network = new TestNetwork({ store, config: { checkpointEvery: 3, persistFlushMs: 10 } });
    const alice = network.client("alice");
    alice.connect("doc");
    await network.settle();
    for (let i = 0; i < 7; i++) {
      alice.doc.getArray("a").push([i]);
      await network.run(20);
    }
    expect(store.appends.map((call) => call.checkpoints.length)).toEqual([0, 0, 1, 0, 0, 1, 0]);
    const stored = await store.load("doc");
    expect(stored.checkpointSeq).toBe(6);
    expect(stored.lastSeq).toBe(7);
    expect(stored.updates).toHaveLength(1);
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, stored.checkpoint!);
    for (const update of stored.updates) Y.applyUpdate(reloaded, update);
    expect(viewOf(reloaded)).toEqual(viewOf(alice.doc));
  });

  it("keeps entries of a failed append and retries them, never two appends at once", async () => {
    const store = new ControlledStore();
    network = new TestNetwork({ store, config: { persistFlushMs: 20, logRetryMs: 30 } });
    const alice = network.client("alice");
    alice.connect("doc");
    await network.settle();
    store.failAppends = 2;
    alice.doc.getMap("m").set("a", 1);
    await network.run(25);
    alice.doc.getMap("m").set("b", 2);
    await network.run(100);
    expect(store.appends.filter((call) => !call.ok)).toHaveLength(2);
    expect(store.maxAppendsInFlight).toBe(1);
    // "a" was accepted before the failure and kept; "b" came while appends failed: refused, its
    // sender told to retry (the stock client resends it on reconnect).
    const history = await store.history("doc");
    expect(history).toHaveLength(1);
    expect(network.server.metrics.logAppendFailures).toBe(2);
  });

  it("flush() makes accepted updates durable and rejects while the store fails", async () => {
    const store = new ControlledStore();
    network = new TestNetwork({ store });
    const alice = network.client("alice");
    alice.connect("doc");
    await network.settle();
    alice.doc.getMap("m").set("a", 1);
    network.deliverAll();
    store.failAppends = 1;
    await expect(network.server.flush()).rejects.toThrow("injected append failure");
    await network.server.flush();
    expect((await store.load("doc")).lastSeq).toBe(1);
  });

  it("loads a stored doc from checkpoint plus tail", async () => {
    network = new TestNetwork({ config: { checkpointEvery: 2, unloadGraceMs: 0 } });
    const alice = network.client("alice");
    alice.connect("doc");
    await network.settle();
    for (let i = 0; i < 5; i++) {
      alice.doc.getText("t").insert(0, `${i}`);
      await network.run(60);
    }
    alice.disconnect();
    await network.run(100);
    expect(network.server.isLoaded("doc")).toBe(false);
    const fresh = network.client("fresh");
    fresh.connect("doc");
    await network.settle();
    expect(fresh.doc.getText("t").toString()).toBe("43210");
  });
});

describe("loading a stored doc with missing dependencies", () => {
  it("drops the unresolvable part so writers are not blamed and checkpoints continue", async () => {
    const origin = new Y.Doc();
    origin.clientID = 1;
    origin.getArray("a").insert(0, [1, 2, 3]);
    const child = new Y.Doc();
    child.clientID = 2;
    Y.applyUpdate(child, Y.encodeStateAsUpdate(origin));
    child.getArray("a").insert(3, [4]);
    const orphan = Y.encodeStateAsUpdate(child, Y.encodeStateVector(origin));
    const store = new ControlledStore();
    await store.inner.append([{ docName: "doc", update: orphan, at: 1, author: "legacy" }]);
    network = new TestNetwork({ store, config: { checkpointEvery: 1, persistFlushMs: 10 } });
    const alice = network.client("alice");
    alice.connect("doc");
    await network.settle();
    alice.doc.getMap("m").set("k", 1);
    await network.run(50);
    expect(alice.closes).toEqual([]);
    expect(store.appends.at(-1)?.checkpoints).toEqual(["doc"]);
  });
});

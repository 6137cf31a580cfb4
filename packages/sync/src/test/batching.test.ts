import { CloseCode } from "@tablecloth/protocol";
import * as encoding from "lib0/encoding";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { MessageType } from "../messageType";
import { TestNetwork, viewOf } from "./TestNetwork";

let network: TestNetwork;
afterEach(async () => {
  await network.close();
});

function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

describe("an update that re-sends what the server has", () => {
  it("logs and relays only what changed, alone or in a batch (a stock client's offline cache read late)", async () => {
    network = new TestNetwork();
    const alice = network.client("alice");
    const bob = network.client("bob");
    alice.connect("doc");
    bob.connect("doc");
    alice.doc.getText("t").insert(0, "x".repeat(5_000));
    await network.settle();
    // What the device kept: the doc as it was, plus edits made offline, sent as one update.
    const kept = new Y.Doc();
    Y.applyUpdate(kept, Y.encodeStateAsUpdate(alice.doc));
    const whole = () => updateFrame(Y.encodeStateAsUpdate(kept));
    kept.getMap("m").set("k", 1);
    alice.send(whole());
    expect(alice.deliverBurstToServer(Number.POSITIVE_INFINITY)).toBe(1);
    kept.getMap("m").set("k", 2);
    alice.send(whole());
    kept.getMap("m").set("j", 3);
    alice.send(whole());
    expect(alice.deliverBurstToServer(Number.POSITIVE_INFINITY)).toBe(2);
    await network.run(100);
    expect(viewOf(bob.doc)).toEqual(viewOf(kept));
    // The 5,000 characters are logged once, not again with each re-send.
    const { logBytes } = await network.store.usage("doc");
    expect(logBytes).toBeGreaterThan(5_000);
    expect(logBytes).toBeLessThan(6_000);
    expect(await network.serverView("doc")).toEqual(viewOf(kept));
  });
});

describe("updates read in one transport batch", () => {
  it("applies, logs and relays each as if applied on arrival", async () => {
    network = new TestNetwork();
    const alice = network.client("alice");
    const bob = network.client("bob");
    alice.connect("doc");
    bob.connect("doc");
    await network.settle();
    for (let i = 0; i < 5; i++) alice.doc.getMap("m").set("k", i);
    alice.doc.getText("t").insert(0, "abc");
    // A duplicate: changes nothing, so it is neither logged nor relayed.
    alice.send(updateFrame(Y.encodeStateAsUpdate(alice.doc)));
    expect(alice.deliverBurstToServer(Number.POSITIVE_INFINITY)).toBe(7);
    expect(network.server.metrics.updatesApplied).toBe(7);
    await network.run(100);
    expect(viewOf(bob.doc)).toEqual(viewOf(alice.doc));
    expect(await network.serverView("doc")).toEqual(viewOf(alice.doc));
    const history = await network.store.history("doc");
    expect(history.map((entry) => entry.author)).toEqual(Array(6).fill("alice"));
  });

  it("relays at the end of the batch and leaves no broadcast tick behind", async () => {
    network = new TestNetwork({ config: { persistFlushMs: 100 } });
    const alice = network.client("alice");
    const bob = network.client("bob");
    alice.connect("doc");
    bob.connect("doc");
    await network.run(200);
    const idle = network.scheduler.pending;
    alice.doc.getMap("m").set("a", 1);
    alice.doc.getMap("m").set("b", 2);
    expect(alice.deliverBurstToServer(Number.POSITIVE_INFINITY)).toBe(2);
    // Relayed already; the only new timer is the log's flush, none for a broadcast tick.
    expect(network.server.metrics.updateBroadcasts).toBeGreaterThan(0);
    expect(network.scheduler.pending).toBe(idle + 1);
    network.deliverAll();
    expect(viewOf(bob.doc)).toEqual(viewOf(alice.doc));
    // A read left open still gets its tick.
    alice.doc.getMap("m").set("c", 3);
    alice.deliverBurstToServer(1, false);
    expect(network.scheduler.pending).toBe(idle + 2);
    await network.run(200);
    expect(viewOf(bob.doc)).toEqual(viewOf(alice.doc));
  });

  it("closes only the sender of a broken update and drops its later frames", async () => {
    network = new TestNetwork();
    const alice = network.client("alice");
    const bob = network.client("bob");
    const carol = network.client("carol");
    alice.connect("doc");
    bob.connect("doc");
    carol.connect("doc");
    await network.settle();
    bob.doc.getMap("m").set("b", 1);
    alice.doc.getMap("m").set("a", 1);
    alice.send(updateFrame(new Uint8Array([1, 1, 5, 0, 99, 99])));
    alice.doc.getMap("m").set("a", 2);
    // One read per client, left open: the broadcast tick applies what is held.
    alice.deliverBurstToServer(3, false);
    bob.deliverBurstToServer(1, false);
    await network.run(100);
    expect(alice.closes).toEqual([CloseCode.BadMessage]);
    expect(bob.closes).toEqual([]);
    expect(carol.doc.getMap("m").toJSON()).toEqual({ a: 1, b: 1 });
    const history = await network.store.history("doc");
    expect(history.map((entry) => entry.author).sort()).toEqual(["alice", "bob"]);
  });
});

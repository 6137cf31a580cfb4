import { CloseCode } from "@tablecloth/protocol";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { ControlledStore } from "./ControlledStore";
import { TestNetwork } from "./TestNetwork";

let network: TestNetwork | null = null;
afterEach(async () => {
  await network?.close();
  network = null;
});

function mapOf(update: Uint8Array): Map<string, unknown> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return new Map(Object.entries(doc.getMap("m").toJSON()));
}

describe("disk trouble", () => {
  it("while appends fail: writers are told to retry, nothing accepted is lost, it recovers by itself", async () => {
    const store = new ControlledStore();
    const net = new TestNetwork({ store, config: { persistFlushMs: 20, logRetryMs: 100 } });
    network = net;
    const alice = net.client("alice");
    const bob = net.client("bob");
    alice.connect("doc");
    bob.connect("doc");
    await net.settle();
    store.failAppends = 1_000_000;
    alice.doc.getMap("m").set("accepted", 1);
    await net.run(30);
    expect(net.server.persistenceTrouble()).toBe("update log cannot be written");
    expect(net.server.metrics.logFailing).toBe(1);
    expect(net.server.metrics.logBacklogBytes).toBeGreaterThan(0);
    // The next write is refused, not applied, and its sender gets a code the client retries.
    alice.doc.getMap("m").set("later", 2);
    await net.run(30);
    expect(alice.closes).toEqual([CloseCode.TryAgainLater]);
    expect(bob.doc.getMap("m").get("later")).toBeUndefined();
    expect(net.server.metrics.updatesDeferred).toBe(1);

    store.failAppends = 0;
    await net.run(300);
    expect(net.server.persistenceTrouble()).toBeNull();
    expect(net.server.metrics.logFailing).toBe(0);
    // The client reconnects and resends what was refused.
    alice.connect("doc");
    await net.settle();
    await net.run(100);
    const stored = mapOf(await store.stateAt("doc", Number.POSITIVE_INFINITY));
    expect(stored.get("accepted")).toBe(1);
    expect(stored.get("later")).toBe(2);
  });

  it("bounds the backlog: past maxLogBacklogBytes a writer is told to retry", async () => {
    const store = new ControlledStore();
    const net = new TestNetwork({ store, config: { maxLogBacklogBytes: 200 } });
    network = net;
    const alice = net.client("alice");
    alice.connect("doc");
    await net.settle();
    // Appends hang (a stalled disk), so accepted bytes pile up.
    store.holdAppends();
    alice.doc.getMap("m").set("big", "x".repeat(300));
    await net.settle();
    expect(alice.closes).toEqual([CloseCode.TryAgainLater]);
    store.releaseAppends();
  });

  it("a doc unloaded while appends fail reloads with its unsaved updates", async () => {
    const store = new ControlledStore();
    const net = new TestNetwork({ store, config: { unloadGraceMs: 0, logRetryMs: 100 } });
    network = net;
    const alice = net.client("alice");
    alice.connect("doc");
    await net.settle();
    alice.doc.getText("t").insert(0, "precious");
    net.deliverAll();
    store.failAppends = 1_000_000;
    alice.disconnect();
    await net.run(30);
    expect(net.server.isLoaded("doc")).toBe(false);
    const carol = net.client("carol");
    carol.connect("doc");
    await net.settle();
    expect(carol.doc.getText("t").toString()).toBe("precious");
    store.failAppends = 0;
    await net.run(300);
    expect(mapOf(await store.stateAt("doc", Number.POSITIVE_INFINITY))).toBeDefined();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await store.stateAt("doc", Number.POSITIVE_INFINITY));
    expect(doc.getText("t").toString()).toBe("precious");
    expect((await store.history("doc")).length).toBe(1);
  });

  it("closes a writer to a doc at its history quota with a final 4413", async () => {
    const net = new TestNetwork({ config: { maxDocHistoryBytes: 100, persistFlushMs: 10 } });
    network = net;
    const alice = net.client("alice");
    alice.connect("doc");
    await net.settle();
    alice.doc.getMap("m").set("fill", "y".repeat(150));
    await net.run(50);
    expect(alice.closes).toEqual([]);
    alice.doc.getMap("m").set("over", 1);
    await net.run(50);
    expect(alice.closes).toEqual([CloseCode.TooLarge]);
    expect(net.server.metrics.updatesOverQuota).toBe(1);
    expect(mapOf(await net.store.stateAt("doc", Number.POSITIVE_INFINITY)).has("over")).toBe(false);
  });
});

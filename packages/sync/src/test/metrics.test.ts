import { CloseCode } from "@tablecloth/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { SyncError } from "../SyncError";
import { ControlledStore } from "./ControlledStore";
import { TestNetwork } from "./TestNetwork";

let network: TestNetwork;
afterEach(async () => {
  await network.close();
});

describe("metrics and refusals", () => {
  it("counts traffic, loads, unloads and closes, and returns the gauges to zero", async () => {
    network = new TestNetwork({ config: { unloadGraceMs: 0 } });
    const alice = network.client("alice", { presence: { name: "A" } });
    const bob = network.client("bob");
    alice.connect("doc");
    bob.connect("doc");
    await network.settle();
    alice.doc.getMap("m").set("k", 1);
    await network.run(100);
    const metrics = network.server.metrics;
    expect(metrics.connections).toBe(2);
    expect(metrics.loadedDocs).toBe(1);
    expect(metrics.messagesIn).toBeGreaterThanOrEqual(5);
    expect(metrics.bytesIn).toBeGreaterThan(0);
    expect(metrics.bytesOut).toBeGreaterThan(0);
    expect(metrics.updatesApplied).toBe(1);
    // Alice's state, and bob's echo of it (the stock client re-sends every awareness change).
    expect(metrics.awarenessIn).toBe(2);
    expect(metrics.awarenessOut).toBeGreaterThanOrEqual(2);
    expect(metrics.logBatches).toBe(1);
    expect(metrics.logEntries).toBe(1);
    bob.send("text");
    alice.disconnect();
    await network.run(100);
    expect(metrics.closesByCode).toEqual({ [CloseCode.BadMessage]: 1 });
    expect(metrics.connections).toBe(0);
    expect(metrics.loadedDocs).toBe(0);
    expect(metrics.loads).toBe(1);
    expect(metrics.unloads).toBe(1);
  });

  it("closes a connection to an invalid doc name with DocNotFound", async () => {
    network = new TestNetwork();
    const alice = network.client("alice");
    alice.connect("../etc");
    await network.settle();
    expect(alice.closes).toEqual([CloseCode.DocNotFound]);
    await expect(network.server.transact("a b", "api", () => {})).rejects.toBeInstanceOf(SyncError);
  });

  it("rejects a server write whose doc fails to load, storing nothing", async () => {
    const store = new ControlledStore();
    network = new TestNetwork({ store });
    store.failLoads = true;
    await expect(
      network.server.transact("doc", "api", (doc) => doc.getMap("m").set("k", 1)),
    ).rejects.toMatchObject({ code: CloseCode.InternalError });
    await network.run(100);
    expect(store.appends).toEqual([]);
    expect(network.server.isLoaded("doc")).toBe(false);
  });

  it("refuses new connections and writes once shutting down", async () => {
    network = new TestNetwork();
    await network.server.shutdown();
    const late = network.client("late");
    late.connect("doc");
    await network.settle();
    expect(late.closes).toEqual([CloseCode.GoingAway]);
    await expect(network.server.transact("doc", "api", () => {})).rejects.toMatchObject({
      code: CloseCode.GoingAway,
    });
    network.restartServer();
  });
});

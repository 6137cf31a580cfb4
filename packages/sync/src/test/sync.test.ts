import { CloseCode } from "@tablecloth/protocol";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { TestNetwork, viewOf } from "./TestNetwork";

let network: TestNetwork;
afterEach(async () => {
  await network.close();
});

describe("sync protocol", () => {
  it("syncs two clients through the server and stores the updates", async () => {
    network = new TestNetwork();
    const alice = network.client("alice");
    const bob = network.client("bob");
    alice.doc.getMap("m").set("a", 1);
    alice.connect("doc");
    bob.connect("doc");
    await network.settle();
    expect(alice.synced).toBe(true);
    expect(bob.synced).toBe(true);
    expect(bob.doc.getMap("m").get("a")).toBe(1);

    bob.doc.getText("t").insert(0, "hello");
    await network.settle();
    expect(alice.doc.getText("t").toString()).toBe("hello");
    expect(await network.serverView("doc")).toEqual(viewOf(alice.doc));

    await network.run(100);
    const history = await network.store.history("doc");
    expect(history.map((entry) => entry.author).sort()).toEqual(["alice", "bob"]);
    expect(network.server.metrics.updatesApplied).toBe(2);
  });

  it("answers an empty state vector with the cached full state, a non-empty one with a diff", async () => {
    network = new TestNetwork();
    const writer = network.client("w");
    writer.connect("doc");
    writer.doc.getArray("a").insert(0, [1, 2, 3]);
    await network.settle();

    const fresh = network.client("fresh");
    fresh.connect("doc");
    const partial = network.client("partial");
    Y.applyUpdate(partial.doc, Y.encodeStateAsUpdate(writer.doc));
    writer.doc.getArray("a").push([4]);
    await network.settle();
    partial.connect("doc");
    await network.settle();
    expect(fresh.doc.getArray("a").toArray()).toEqual([1, 2, 3, 4]);
    expect(partial.doc.getArray("a").toArray()).toEqual([1, 2, 3, 4]);
  });

  it("sends current awareness states to a joiner and answers a query", async () => {
    network = new TestNetwork();
    const alice = network.client("alice", { presence: { name: "Alice" } });
    alice.connect("doc");
    await network.run(100);
    const bob = network.client("bob");
    bob.connect("doc");
    await network.settle();
    expect(bob.awareness.getStates().get(alice.doc.clientID)).toEqual({
      name: "Alice",
      user: { id: "alice", name: "alice", role: "participant" },
    });
    expect(network.server.metrics.closesByCode[CloseCode.BadMessage]).toBeUndefined();
  });
});

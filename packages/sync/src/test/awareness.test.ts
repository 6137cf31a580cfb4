import { afterEach, describe, expect, it } from "vitest";
import { TestNetwork } from "./TestNetwork";

let network: TestNetwork;
afterEach(async () => {
  await network.close();
});

describe("awareness", () => {
  it("coalesces N updates within one throttle window into one broadcast with the latest state", async () => {
    network = new TestNetwork({ config: { awarenessThrottleMs: 50 } });
    const alice = network.client("alice", { presence: { x: 0 } });
    const bob = network.client("bob", { presence: { x: 0 } });
    alice.connect("doc");
    bob.connect("doc");
    await network.run(200);
    const framesBefore = bob.awarenessFrames.length;
    const broadcastsBefore = network.server.metrics.awarenessBroadcasts;
    // First change: goes out at the next tick (the window is open).
    alice.awareness.setLocalStateField("x", 1);
    await network.settle();
    expect(bob.awarenessFrames.length).toBe(framesBefore + 1);
    // Ten more within the next window: held, then sent once.
    for (let x = 2; x <= 11; x++) {
      alice.awareness.setLocalStateField("x", x);
      network.deliverAll();
      network.scheduler.advance(3);
    }
    expect(bob.awarenessFrames.length).toBe(framesBefore + 1);
    await network.run(50);
    expect(bob.awarenessFrames.length).toBe(framesBefore + 2);
    expect(network.server.metrics.awarenessBroadcasts - broadcastsBefore).toBe(2);
    expect(bob.awareness.getStates().get(alice.doc.clientID)).toEqual({
      x: 11,
      user: { id: "alice", name: "alice", role: "participant" },
    });
  });

  it("echoes a lone client's own awareness so the stock client's 30 s watchdog stays fed", async () => {
    network = new TestNetwork();
    const alice = network.client("alice", { presence: { name: "A" } });
    alice.connect("doc");
    await network.run(100);
    const before = alice.awarenessFrames.length;
    alice.awareness.setLocalStateField("name", "A2");
    await network.run(100);
    expect(alice.awarenessFrames.length).toBeGreaterThan(before);
  });

  it("removes the states a connection controlled when it closes, and broadcasts the removal", async () => {
    network = new TestNetwork();
    const alice = network.client("alice", { presence: { name: "A" } });
    const bob = network.client("bob", { presence: { name: "B" } });
    alice.connect("doc");
    bob.connect("doc");
    await network.run(100);
    expect(bob.awareness.getStates().has(alice.doc.clientID)).toBe(true);
    alice.disconnect();
    await network.run(100);
    expect(bob.awareness.getStates().has(alice.doc.clientID)).toBe(false);
    expect(bob.awareness.getStates().has(bob.doc.clientID)).toBe(true);
  });

  it("keeps a reconnected client's state when its old connection closes late", async () => {
    network = new TestNetwork();
    const alice = network.client("alice", { presence: { name: "A" } });
    const bob = network.client("bob", { presence: { name: "B" } });
    alice.connect("doc");
    bob.connect("doc");
    await network.run(100);
    // Alice's old socket is still open on the server when her new one arrives.
    const oldLink = alice.link!;
    alice.link = null;
    alice.connect("doc");
    alice.awareness.setLocalStateField("name", "A again");
    await network.run(100);
    oldLink.connection?.closed();
    await network.run(100);
    expect(bob.awareness.getStates().get(alice.doc.clientID)).toEqual({
      name: "A again",
      user: { id: "alice", name: "alice", role: "participant" },
    });
  });

  it("sends read-only connections of a crowded room awareness at the slower rate", async () => {
    network = new TestNetwork({
      config: {
        awarenessThrottleMs: 50,
        awarenessReadOnlyCrowd: 2,
        awarenessReadOnlyThrottleMs: 1_000,
      },
    });
    const alice = network.client("alice", { presence: { x: 0 } });
    const bob = network.client("bob", { presence: { x: 0 } });
    const observer = network.client("obs", { readOnly: true });
    alice.connect("doc");
    bob.connect("doc");
    observer.connect("doc");
    await network.run(2_000);
    const bobBefore = bob.awarenessFrames.length;
    const observerBefore = observer.awarenessFrames.length;
    for (let x = 1; x <= 20; x++) {
      alice.awareness.setLocalStateField("x", x);
      await network.run(50);
    }
    // 1 s of changes every 50 ms: about 20 broadcasts for bob, about one for the observer.
    expect(bob.awarenessFrames.length - bobBefore).toBeGreaterThanOrEqual(15);
    expect(observer.awarenessFrames.length - observerBefore).toBeLessThanOrEqual(2);
    await network.run(1_000);
    expect(observer.awareness.getStates().get(alice.doc.clientID)).toEqual({
      x: 20,
      user: { id: "alice", name: "alice", role: "participant" },
    });
  });
});

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

  it("slows a crowded room's read-only awareness to its frames-per-second budget, ending at the latest", async () => {
    const frames = async (budget: number): Promise<{ frames: number; last: unknown }> => {
      network = new TestNetwork({
        config: {
          awarenessThrottleMs: 10,
          awarenessReadOnlyCrowd: 2,
          awarenessReadOnlyThrottleMs: 100,
          awarenessReadOnlyFramesPerSecond: budget,
        },
      });
      const alice = network.client("alice", { presence: { x: 0 } });
      alice.connect("doc");
      const observers = [1, 2, 3, 4].map((i) => {
        const observer = network.client(`obs${i}`, { readOnly: true, role: "observer" });
        observer.connect("doc");
        return observer;
      });
      await network.run(6_000);
      const watched = observers[0];
      if (watched === undefined) throw new Error("no observer");
      const before = watched.awarenessFrames.length;
      for (let x = 1; x <= 40; x++) {
        alice.awareness.setLocalStateField("x", x);
        await network.run(50);
      }
      const counted = watched.awarenessFrames.length - before;
      await network.run(6_000);
      const last = watched.awareness.getStates().get(alice.doc.clientID);
      await network.close();
      return { frames: counted, last };
    };
    const latest = { x: 40, user: { id: "alice", name: "alice", role: "participant" } };
    // 2 s of moves: every 100 ms without a budget (about 20 frames)...
    const free = await frames(0);
    expect(free.frames).toBeGreaterThanOrEqual(15);
    expect(free.last).toEqual(latest);
    // ...and with 10 frames a second for four read-only connections, every 400 ms (about 5).
    const budgeted = await frames(10);
    expect(budgeted.frames).toBeGreaterThanOrEqual(3);
    expect(budgeted.frames).toBeLessThanOrEqual(7);
    expect(budgeted.last).toEqual(latest);
  });

  it("sends writers of a crowded room awareness once per crowd window, with every latest state", async () => {
    const moves = async (crowded: boolean): Promise<{ frames: number; last: unknown }> => {
      network = new TestNetwork({
        config: {
          awarenessThrottleMs: 10,
          awarenessReadOnlyCrowd: 3,
          awarenessCrowdThrottleMs: 100,
          awarenessReadOnlyThrottleMs: 1_000,
        },
      });
      const alice = network.client("alice", { presence: { x: 0 } });
      const carol = network.client("carol", { presence: { y: 0 } });
      const bob = network.client("bob", { presence: { x: 0 } });
      alice.connect("doc");
      bob.connect("doc");
      carol.connect("doc");
      if (crowded) network.client("obs", { readOnly: true, role: "observer" }).connect("doc");
      await network.run(2_000);
      const before = bob.awarenessFrames.length;
      for (let x = 1; x <= 100; x++) {
        alice.awareness.setLocalStateField("x", x);
        await network.run(10);
      }
      await network.run(200);
      const frames = bob.awarenessFrames.length - before;
      const last = bob.awareness.getStates().get(alice.doc.clientID);
      await network.close();
      return { frames, last };
    };
    const latest = { x: 100, user: { id: "alice", name: "alice", role: "participant" } };
    // 1 s of changes every 10 ms among three writers: a frame per 10 ms window...
    const calm = await moves(false);
    expect(calm.frames).toBeGreaterThanOrEqual(80);
    expect(calm.last).toEqual(latest);
    // ...and over the crowd (an observer makes it four), one per 100 ms window, ending at the latest.
    const crowd = await moves(true);
    expect(crowd.frames).toBeGreaterThanOrEqual(9);
    expect(crowd.frames).toBeLessThanOrEqual(12);
    expect(crowd.last).toEqual(latest);
  });

  it("relays viewers' presence to writers only, and gives viewers the writers' and a head count", async () => {
    network = new TestNetwork({ config: { awarenessThrottleMs: 10 } });
    const alice = network.client("alice", { presence: { x: 1 } });
    const obs1 = network.client("obs1", {
      readOnly: true,
      role: "observer",
      presence: { looking: true },
    });
    const obs2 = network.client("obs2", {
      readOnly: true,
      role: "observer",
      presence: { looking: true },
    });
    alice.connect("doc");
    obs1.connect("doc");
    obs2.connect("doc");
    await network.run(1_000);
    const headCounts = (states: Map<number, Record<string, unknown>>) =>
      [...states.values()].filter((s) => "headCount" in s);
    for (const viewer of [obs1, obs2]) {
      const states = viewer.awareness.getStates();
      expect(states.get(alice.doc.clientID)?.x).toBe(1);
      const other = viewer === obs1 ? obs2 : obs1;
      expect(states.has(other.doc.clientID)).toBe(false);
      expect(headCounts(states)).toEqual([{ headCount: { viewers: 2, writers: 1 } }]);
    }
    // The writer sees everyone, and no head count.
    expect(alice.awareness.getStates().get(obs1.doc.clientID)?.looking).toBe(true);
    expect(alice.awareness.getStates().get(obs2.doc.clientID)?.looking).toBe(true);
    expect(headCounts(alice.awareness.getStates())).toEqual([]);
    obs2.disconnect();
    await network.run(1_000);
    expect(headCounts(obs1.awareness.getStates())).toEqual([
      { headCount: { viewers: 1, writers: 1 } },
    ]);
    expect(alice.awareness.getStates().has(obs2.doc.clientID)).toBe(false);
    // Renewed before clients drop it as outdated (30 s).
    const framesBefore = obs1.awarenessFrames.length;
    await network.run(16_000);
    expect(obs1.awarenessFrames.length).toBeGreaterThan(framesBefore);
  });
});

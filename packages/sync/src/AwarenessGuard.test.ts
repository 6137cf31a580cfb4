import { CloseCode } from "@tablecloth/protocol";
import * as encoding from "lib0/encoding";
import { afterEach, describe, expect, it } from "vitest";
import { encodeAwarenessEntries } from "./awarenessEntries";
import { MessageType } from "./messageType";
import { TestNetwork } from "./test/TestNetwork";

let network: TestNetwork;
afterEach(async () => {
  await network.close();
});

/** An awareness frame setting `state` (JSON; null removes) for each client id at `clock`. */
function awarenessFrame(
  entries: { clientId: number; clock: number; state: unknown }[],
): Uint8Array {
  const body = encodeAwarenessEntries(
    entries.map(({ clientId, clock, state }) => ({
      clientId,
      clock,
      state: new TextEncoder().encode(JSON.stringify(state)),
    })),
  );
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, body);
  return encoding.toUint8Array(encoder);
}

async function room() {
  network = new TestNetwork();
  const alice = network.client("alice", {
    name: "Alice",
    role: "facilitator",
    presence: { cursor: 1 },
  });
  const bob = network.client("bob", { name: "Bob", presence: { cursor: 2 } });
  const mallory = network.client("mallory", { name: "Mallory", presence: { cursor: 3 } });
  alice.connect("doc");
  bob.connect("doc");
  mallory.connect("doc");
  await network.run(100);
  return { alice, bob, mallory };
}

describe("AwarenessGuard", () => {
  it("stamps user.id, user.name and user.role from the token, whatever the client claimed", async () => {
    const { alice, bob, mallory } = await room();
    mallory.awareness.setLocalStateField("user", {
      id: "alice",
      name: "Facilitator",
      role: "facilitator",
      color: "#f00",
    });
    await network.run(100);
    expect(bob.awareness.getStates().get(mallory.doc.clientID)).toEqual({
      cursor: 3,
      user: { id: "mallory", name: "Mallory", role: "participant", color: "#f00" },
    });
    expect(bob.awareness.getStates().get(alice.doc.clientID)?.user).toEqual({
      id: "alice",
      name: "Alice",
      role: "facilitator",
    });
  });

  it("stamps a user that is not an object, and one hiding claims behind __proto__ keys", async () => {
    const { bob, mallory } = await room();
    // Mallory's second client id (one more would close her with PresenceLimit).
    const raw = (clock: number, json: string) => {
      const body = encodeAwarenessEntries([
        { clientId: 77, clock, state: new TextEncoder().encode(json) },
      ]);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.Awareness);
      encoding.writeVarUint8Array(encoder, body);
      return encoding.toUint8Array(encoder);
    };
    mallory.send(raw(1, '{"user":"alice","cursor":6}'));
    await network.run(100);
    expect(bob.awareness.getStates().get(77)).toEqual({
      cursor: 6,
      user: { id: "mallory", name: "Mallory", role: "participant" },
    });
    mallory.send(
      raw(
        2,
        '{"__proto__":{"user":{"role":"facilitator"}},"user":{"__proto__":{"id":"alice"},"role":"facilitator","color":"#f00"},"cursor":5}',
      ),
    );
    await network.run(100);
    const hidden = bob.awareness.getStates().get(77) as { user: Record<string, unknown> };
    expect(hidden.user.id).toBe("mallory");
    expect(hidden.user.name).toBe("Mallory");
    expect(hidden.user.role).toBe("participant");
    expect(hidden.user.color).toBe("#f00");
    expect(Object.keys(hidden)).toEqual(["__proto__", "user", "cursor"]);
  });

  it("drops a rewrite or removal of another participant's entry, with a higher clock", async () => {
    const { alice, bob, mallory } = await room();
    const victim = alice.doc.clientID;
    const clock = (bob.awareness.meta.get(victim)?.clock ?? 0) + 100;
    mallory.send(awarenessFrame([{ clientId: victim, clock, state: { cursor: 666 } }]));
    await network.run(100);
    mallory.send(awarenessFrame([{ clientId: victim, clock: clock + 1, state: null }]));
    await network.run(100);
    expect(bob.awareness.getStates().get(victim)).toMatchObject({
      cursor: 1,
      user: { id: "alice" },
    });
    expect(network.server.metrics.awarenessDropped).toBe(2);
    expect(mallory.closes).toEqual([]);
    // Alice's own updates still land.
    alice.awareness.setLocalStateField("cursor", 10);
    await network.run(100);
    expect(bob.awareness.getStates().get(victim)).toMatchObject({ cursor: 10 });
  });

  it("closes a connection introducing a third client id with PresenceLimit; its entries go", async () => {
    const { bob, mallory } = await room();
    const fakes = Array.from({ length: 5_000 }, (_, i) => ({
      clientId: 1_000_000 + i,
      clock: 1,
      state: { user: { name: `Fake ${i}` } },
    }));
    mallory.send(awarenessFrame(fakes));
    await network.run(100);
    expect(mallory.closes).toEqual([CloseCode.PresenceLimit]);
    const real = new Set([network.clients.map((client) => client.doc.clientID)].flat());
    expect([...bob.awareness.getStates().keys()].filter((id) => !real.has(id))).toEqual([]);
    expect(bob.closes).toEqual([]);
  });

  it("closes a state over maxAwarenessStateBytes with TooLarge before it reaches anyone", async () => {
    const { bob, mallory } = await room();
    mallory.awareness.setLocalStateField("blob", "x".repeat(2 * 1024 * 1024));
    await network.run(100);
    expect(mallory.closes).toEqual([CloseCode.TooLarge]);
    expect(bob.awareness.getStates().get(mallory.doc.clientID)).toBeUndefined();
    expect(bob.closes).toEqual([]);
  });

  it("drops a new client id once the room holds maxAwarenessStatesPerRoom entries", async () => {
    network = new TestNetwork({ config: { maxAwarenessStatesPerRoom: 2 } });
    const a = network.client("a", { presence: { n: 1 } });
    const b = network.client("b", { presence: { n: 2 } });
    const c = network.client("c", { presence: { n: 3 } });
    a.connect("doc");
    b.connect("doc");
    await network.run(100);
    c.connect("doc");
    await network.run(100);
    expect(a.awareness.getStates().has(c.doc.clientID)).toBe(false);
    expect(network.server.metrics.awarenessDropped).toBeGreaterThanOrEqual(1);
    expect(c.closes).toEqual([]);
    b.disconnect();
    await network.run(100);
    c.awareness.setLocalStateField("n", 4);
    await network.run(100);
    expect(a.awareness.getStates().get(c.doc.clientID)).toMatchObject({ n: 4 });
  });

  it("closes a state that is not a JSON object with BadMessage", async () => {
    const { mallory } = await room();
    mallory.send(awarenessFrame([{ clientId: 77, clock: 1, state: [1, 2] }]));
    await network.run(100);
    expect(mallory.closes).toEqual([CloseCode.BadMessage]);
  });
});

describe("restampAwareness", () => {
  it("stamps open connections' states again from their context now, only in the docs picked", async () => {
    const { alice, bob } = await room();
    const carol = network.client("carol", { name: "Carol", presence: { cursor: 4 } });
    const dave = network.client("dave", { name: "Dave", presence: { cursor: 5 } });
    carol.connect("other");
    dave.connect("other");
    await network.run(100);
    // A name that changed (e.g. anonymous mode turned on) is not sent until stamped again.
    (alice.context as { name?: string }).name = "Anonymous";
    (carol.context as { name?: string }).name = "Anonymous";
    await network.run(100);
    expect(bob.awareness.getStates().get(alice.doc.clientID)?.user?.name).toBe("Alice");
    expect(network.server.restampAwareness((docName) => docName === "doc")).toBe(1);
    await network.run(100);
    expect(bob.awareness.getStates().get(alice.doc.clientID)?.user?.name).toBe("Anonymous");
    // Her own client takes the stamped state (a newer clock), and moving keeps it stamped.
    expect(alice.awareness.getLocalState()?.user?.name).toBe("Anonymous");
    alice.awareness.setLocalStateField("cursor", 9);
    await network.run(100);
    expect(bob.awareness.getStates().get(alice.doc.clientID)).toMatchObject({
      cursor: 9,
      user: { name: "Anonymous" },
    });
    // The doc not picked is left as it was; nothing changed is nothing sent again.
    expect(dave.awareness.getStates().get(carol.doc.clientID)?.user?.name).toBe("Carol");
    expect(network.server.restampAwareness((docName) => docName === "doc")).toBe(0);
  });
});

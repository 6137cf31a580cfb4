import { CloseCode } from "@tablecloth/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import type { WebsocketProvider } from "y-websocket";
import { type AuthTestServer, startAuthTestServer } from "./authHarness";
import { connectSynced, createProvider, waitForSync } from "./connectProvider";
import { makeTempDir, removeDir } from "./testServer";
import { withTimeout } from "./waitFor";

interface JoinBody {
  token: string;
  participant: { id: string };
}

let dataDir: string;
let t: AuthTestServer;
let control: string;
let code: string;
let facilitatorToken: string;
const open: WebsocketProvider[] = [];

beforeAll(async () => {
  dataDir = await makeTempDir();
  t = await startAuthTestServer(dataDir);
  const created = await t.api<{
    event: { joinCode: string; controlDocName: string };
    facilitatorToken: string;
  }>("/api/events", { method: "POST", json: { title: "Lobby", format: "world-cafe" } });
  control = created.body.event.controlDocName;
  code = created.body.event.joinCode;
  facilitatorToken = created.body.facilitatorToken;
});

afterAll(async () => {
  for (const provider of open) provider.destroy();
  await t?.server.close();
  await removeDir(dataDir);
});

async function join(name: string): Promise<string> {
  const joined = await t.api<JoinBody>("/api/join", { method: "POST", json: { code, name } });
  expect(joined.status).toBe(201);
  return joined.body.token;
}

function varUint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    out.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return out;
}

/** A y-websocket awareness frame setting each entry's JSON state (null removes). */
function awarenessFrame(entries: { clientId: number; clock: number; state: unknown }[]): Buffer {
  const body: number[] = [...varUint(entries.length)];
  for (const { clientId, clock, state } of entries) {
    const json = Buffer.from(JSON.stringify(state));
    body.push(...varUint(clientId), ...varUint(clock), ...varUint(json.length));
    for (const byte of json) body.push(byte);
  }
  return Buffer.from([1, ...varUint(body.length), ...body]);
}

async function rawSocket(token: string): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  const ws = new WebSocket(`${t.server.url.replace(/^http/, "ws")}/sync/${control}?token=${token}`);
  ws.on("error", () => {});
  const closed = new Promise<number>((resolve) => ws.once("close", (c) => resolve(c)));
  await withTimeout(new Promise((resolve) => ws.once("open", resolve)), 5_000, "raw socket");
  return { ws, closed };
}

function connections(provider: WebsocketProvider): { count: number } {
  const seen = { count: 0 };
  provider.on("status", ({ status }: { status: string }) => {
    if (status === "connected") seen.count++;
  });
  return seen;
}

async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type User = { id?: string; name?: string; role?: string };
function userOf(provider: WebsocketProvider, clientId: number): User | undefined {
  return (provider.awareness.getStates().get(clientId) as { user?: User } | undefined)?.user;
}

describe("presence is bound to its sender (stock clients beside a raw attacker socket)", () => {
  it("cannot be rewritten, removed, impersonated or flooded; a newcomer sees only real people", async () => {
    const alice = await connectSynced(t.server.url, control, { token: facilitatorToken });
    const bob = await connectSynced(t.server.url, control, { token: await join("Bob") });
    open.push(alice, bob);
    const aliceConnections = connections(alice);
    const bobConnections = connections(bob);
    // The event's creator is named "Facilitator" by the API; the client claims another name.
    alice.awareness.setLocalStateField("user", { name: "Alice", color: "#0a0" });
    bob.awareness.setLocalStateField("user", { name: "Bob" });
    const victim = alice.awareness.clientID;
    await until(() => userOf(bob, victim)?.role === "facilitator", "Bob to see Alice");

    const malloryToken = await join("Mallory");
    const first = await rawSocket(malloryToken);
    const clock = (bob.awareness.meta.get(victim)?.clock ?? 0) + 1_000;
    // Rewrite, then remove, Alice's entry; then pose as the facilitator under a fresh id.
    first.ws.send(
      awarenessFrame([{ clientId: victim, clock, state: { user: { name: "pwned" } } }]),
    );
    first.ws.send(awarenessFrame([{ clientId: victim, clock: clock + 1, state: null }]));
    first.ws.send(
      awarenessFrame([
        { clientId: 4242, clock: 1, state: { user: { name: "Facilitator", role: "facilitator" } } },
      ]),
    );
    await until(() => userOf(bob, 4242) !== undefined, "Bob to see Mallory's own entry");
    expect(userOf(bob, 4242)).toMatchObject({ name: "Mallory", role: "participant" });
    expect(userOf(bob, victim)).toMatchObject({
      name: "Facilitator",
      role: "facilitator",
      color: "#0a0",
    });

    // 5,000 fake entries: the third new id closes the sender for good.
    const fakes = Array.from({ length: 5_000 }, (_, i) => ({
      clientId: 10_000 + i,
      clock: 1,
      state: { user: { name: `ghost ${i}` } },
    }));
    first.ws.send(awarenessFrame(fakes));
    expect(await withTimeout(first.closed, 5_000, "Mallory closed")).toBe(CloseCode.PresenceLimit);

    // One 2 MiB state (under maxFrameBytes): closed with 4413 before it reaches anyone.
    const second = await rawSocket(malloryToken);
    second.ws.send(
      awarenessFrame([{ clientId: 777, clock: 1, state: { blob: "x".repeat(2 << 20) } }]),
    );
    expect(await withTimeout(second.closed, 5_000, "Mallory closed again")).toBe(
      CloseCode.TooLarge,
    );

    await new Promise((resolve) => setTimeout(resolve, 300));
    const real = new Set([alice.awareness.clientID, bob.awareness.clientID]);
    for (const provider of [alice, bob]) {
      expect([...provider.awareness.getStates().keys()].filter((id) => !real.has(id))).toEqual([]);
    }
    expect(userOf(bob, victim)).toMatchObject({ role: "facilitator", color: "#0a0" });
    expect(alice.wsconnected && bob.wsconnected).toBe(true);
    expect(aliceConnections.count + bobConnections.count).toBe(0);

    // A newcomer joins within 2 s and sees only real people, with the names and roles they hold.
    const started = Date.now();
    const carol = createProvider(t.server.url, control, { token: await join("Carol") });
    open.push(carol);
    await waitForSync(carol, 2_000);
    await until(() => carol.awareness.getStates().size >= 3, "Carol to see the room", 2_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    const others = [...carol.awareness.getStates().keys()].filter(
      (id) => id !== carol.awareness.clientID,
    );
    expect(others.sort()).toEqual([...real].sort());
    expect(userOf(carol, victim)).toMatchObject({
      name: "Facilitator",
      role: "facilitator",
      color: "#0a0",
    });
    expect(userOf(carol, bob.awareness.clientID)).toMatchObject({
      name: "Bob",
      role: "participant",
    });
  }, 30_000);
});

import { afterAll, beforeAll, expect, it } from "vitest";
import * as Y from "yjs";
import { apiDefaults } from "../api/apiConfig";
import { type AuthTestServer, logHasNoTokens, startAuthTestServer } from "./authHarness";
import { createProvider, waitForSync } from "./connectProvider";
import { makeTempDir, removeDir } from "./testServer";

let dataDir: string;
let t: AuthTestServer;
beforeAll(async () => {
  dataDir = await makeTempDir();
  // The worst case: the flood's rate passes the per-IP bucket (a venue-sized one), so only the
  // cap and the per-address share stand between it and the event. The cap is the default one.
  t = await startAuthTestServer(dataDir, {
    joinRate: { burst: 100_000, perMinute: 100_000 },
    trustProxy: true,
  });
});
afterAll(async () => {
  await t.server.close();
  expect(logHasNoTokens(t)).toBe(true);
  await removeDir(dataDir);
});

interface Joined {
  status: number;
  body: { token?: string; participant?: { id: string }; error?: { code: string } };
  cookie: string | null;
}

async function join(code: string, name: string, from: string, cookie?: string): Promise<Joined> {
  const response = await fetch(`${t.server.url}/api/join`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Forwarded-For": from,
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: JSON.stringify({ code, name }),
  });
  const body = (await response.json()) as Joined["body"];
  if (body.token) t.tokens.add(body.token);
  const set = response.headers.get("set-cookie");
  return { status: response.status, body, cookie: set ? (set.split(";")[0] ?? null) : null };
}

it("a 10,000-join flood from one address: people in keep working, the cap holds, closing and rotating the code work, a returning browser keeps its participant", async () => {
  const created = await t.api<{
    event: { id: string; joinCode: string };
    controlDocName: string;
    facilitatorToken: string;
  }>("/api/events", { method: "POST", json: { title: "Flood", format: "world-cafe" } });
  const { event, facilitatorToken } = created.body;
  const board = await t.api<{ board: { docName: string } }>(`/api/events/${event.id}/boards`, {
    method: "POST",
    token: facilitatorToken,
    json: { kind: "table", title: "Table 1" },
  });

  const alice = await join(event.joinCode, "Alice", "198.51.100.7");
  expect(alice.status).toBe(201);
  const aliceDoc = new Y.Doc();
  const aliceSocket = createProvider(t.server.url, board.body.board.docName, {
    token: alice.body.token ?? "",
    doc: aliceDoc,
  });
  await waitForSync(aliceSocket);

  const statuses = new Map<number, number>();
  let next = 0;
  const flood = async () => {
    while (next < 10_000) {
      const i = next++;
      const { status } = await join(event.joinCode, `bot ${i}`, "203.0.113.66");
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: 32 }, flood));

  // One address minted its share and no more; the rest were refused.
  expect(statuses.get(201)).toBe(apiDefaults.joinsPerAddress);
  expect(statuses.get(429)).toBe(10_000 - apiDefaults.joinsPerAddress);
  const people = await t.api<{ participants: unknown[] }>(`/api/events/${event.id}/participants`, {
    token: facilitatorToken,
  });
  expect(people.body.participants.length).toBeLessThanOrEqual(apiDefaults.maxParticipantsPerEvent);
  expect(people.body.participants.length).toBe(2 + apiDefaults.joinsPerAddress);

  // Alice, already in, still works: her socket stays synced and her edits reach a new reader.
  expect(aliceSocket.wsconnected).toBe(true);
  aliceDoc.getMap("m").set("after", "flood");
  expect((await t.api(`/api/me`, { token: alice.body.token ?? "" })).status).toBe(200);
  // Someone from another address still gets in.
  expect((await join(event.joinCode, "Bea", "192.0.2.20")).status).toBe(201);

  // The facilitator closes the code: nobody new gets in, from anywhere.
  const closed = await t.api<{ event: { joinOpen: boolean } }>(
    `/api/events/${event.id}/join-code`,
    {
      method: "DELETE",
      token: facilitatorToken,
    },
  );
  expect(closed.body.event.joinOpen).toBe(false);
  const refused = await join(event.joinCode, "Cy", "192.0.2.21");
  expect(refused.status).toBe(403);
  expect(refused.body.error?.code).toBe("join_closed");

  // A new code works (also from the flooded address, which gets a fresh share); the old one not.
  const rotated = await t.api<{ event: { joinCode: string; joinOpen: boolean } }>(
    `/api/events/${event.id}/join-code`,
    { method: "POST", token: facilitatorToken },
  );
  expect(rotated.body.event.joinOpen).toBe(true);
  expect(rotated.body.event.joinCode).not.toBe(event.joinCode);
  expect((await join(event.joinCode, "Dee", "192.0.2.22")).status).toBe(404);
  expect((await join(rotated.body.event.joinCode, "Dee", "192.0.2.22")).status).toBe(201);
  expect((await join(rotated.body.event.joinCode, "Eve", "203.0.113.66")).status).toBe(201);

  // Alice's browser joins again with its device cookie: the same participant, not a new one.
  const again = await join(
    rotated.body.event.joinCode,
    "Alice",
    "198.51.100.7",
    alice.cookie ?? "",
  );
  expect(again.status).toBe(201);
  expect(again.body.participant?.id).toBe(alice.body.participant?.id);
  // A forged cookie is just ignored: a new participant.
  const forged = await join(
    rotated.body.event.joinCode,
    "Mallory",
    "198.51.100.8",
    `tc_device_${event.id}=${alice.body.participant?.id ?? ""}.forged`,
  );
  expect(forged.body.participant?.id).not.toBe(alice.body.participant?.id);

  const reader = createProvider(t.server.url, board.body.board.docName, {
    token: facilitatorToken,
  });
  await waitForSync(reader);
  expect(reader.doc.getMap("m").get("after")).toBe("flood");
  reader.destroy();
  aliceSocket.destroy();
}, 120_000);

it("a 10,000-join flood from many addresses fills the cap exactly and no further; people in keep working, a returning browser still gets in, a removed seat frees one", async () => {
  const created = await t.api<{
    event: { id: string; joinCode: string };
    facilitatorToken: string;
  }>("/api/events", { method: "POST", json: { title: "Full house", format: "world-cafe" } });
  const { event, facilitatorToken } = created.body;
  const board = await t.api<{ board: { docName: string } }>(`/api/events/${event.id}/boards`, {
    method: "POST",
    token: facilitatorToken,
    json: { kind: "table", title: "Table 1" },
  });
  const alice = await join(event.joinCode, "Alice", "198.51.100.9");
  const aliceDoc = new Y.Doc();
  const aliceSocket = createProvider(t.server.url, board.body.board.docName, {
    token: alice.body.token ?? "",
    doc: aliceDoc,
  });
  await waitForSync(aliceSocket);

  // Eight addresses, each within its per-address share: only the cap stands in the way.
  const statuses = new Map<string, number>();
  const admitted: string[] = [];
  let next = 0;
  const flood = async () => {
    while (next < 10_000) {
      const i = next++;
      const { status, body } = await join(event.joinCode, `bot ${i}`, `203.0.113.${i % 8}`);
      const key = `${status} ${body.error?.code ?? ""}`.trim();
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      if (status === 201 && body.participant) admitted.push(body.participant.id);
    }
  };
  await Promise.all(Array.from({ length: 32 }, flood));
  const cap = apiDefaults.maxParticipantsPerEvent;
  // The facilitator and Alice hold two seats; the flood got the rest, not one more.
  expect(admitted.length).toBe(cap - 2);
  expect(statuses.get("201")).toBe(cap - 2);
  expect(statuses.get("403 event_full")).toBe(10_000 - (cap - 2));
  const people = await t.api<{ participants: { id: string }[] }>(
    `/api/events/${event.id}/participants`,
    { token: facilitatorToken },
  );
  expect(people.body.participants.length).toBe(cap);
  expect((await join(event.joinCode, "Late", "192.0.2.30")).body.error?.code).toBe("event_full");

  // Alice, already in, keeps working.
  expect(aliceSocket.wsconnected).toBe(true);
  aliceDoc.getMap("m").set("full", "house");
  // Her browser, joining again while the event is full, gets her seat back (no new one).
  const again = await join(event.joinCode, "Alice", "198.51.100.9", alice.cookie ?? "");
  expect(again.status).toBe(201);
  expect(again.body.participant?.id).toBe(alice.body.participant?.id);

  // The facilitator removes one bot: exactly one seat frees up.
  const removed = await t.api(`/api/events/${event.id}/participants/${admitted[0] ?? ""}`, {
    method: "DELETE",
    token: facilitatorToken,
  });
  expect(removed.status).toBe(200);
  expect((await join(event.joinCode, "Finally", "192.0.2.31")).status).toBe(201);
  expect((await join(event.joinCode, "Not yet", "192.0.2.32")).body.error?.code).toBe("event_full");

  const reader = createProvider(t.server.url, board.body.board.docName, {
    token: facilitatorToken,
  });
  await waitForSync(reader);
  expect(reader.doc.getMap("m").get("full")).toBe("house");
  reader.destroy();
  aliceSocket.destroy();
}, 300_000);

import { CloseCode } from "@tablecloth/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { type AuthTestServer, logHasNoTokens, startAuthTestServer } from "./authHarness";
import { connectSynced, createProvider, waitForFinalClose } from "./connectProvider";
import { makeTempDir, removeDir } from "./testServer";
import { waitForDoc, withTimeout } from "./waitFor";

/**
 * The authorisation matrix over the real server, real sockets and the stock y-websocket client:
 * every role × doc kind × action, and every kind of bad token.
 */

type Role = "facilitator" | "participant" | "observer";
type DocKind = "control" | "board";

let dataDir: string;
let t: AuthTestServer;
let eventId: string;
const docs: Record<DocKind, string> = { control: "", board: "" };
const people: Record<Role, { token: string; id: string }> = {
  facilitator: { token: "", id: "" },
  participant: { token: "", id: "" },
  observer: { token: "", id: "" },
};
const bad: Record<string, { token: string | undefined; connect: number; http: number }> = {};
/** A facilitator connection on each doc, watching what gets relayed. */
const watchers: Partial<Record<DocKind, WebsocketProvider>> = {};

interface JoinBody {
  token: string;
  participant: { id: string };
}

beforeAll(async () => {
  dataDir = await makeTempDir();
  t = await startAuthTestServer(dataDir);
  const created = await t.api<{
    event: { id: string; joinCode: string; controlDocName: string };
    facilitatorToken: string;
    participant: { id: string };
  }>("/api/events", { method: "POST", json: { title: "Matrix café", format: "world-cafe" } });
  expect(created.status).toBe(201);
  eventId = created.body.event.id;
  docs.control = created.body.event.controlDocName;
  people.facilitator = { token: created.body.facilitatorToken, id: created.body.participant.id };
  const code = created.body.event.joinCode;
  for (const role of ["participant", "observer"] as const) {
    const joined = await t.api<JoinBody>("/api/join", {
      method: "POST",
      json: { code, name: role, role },
    });
    expect(joined.status).toBe(201);
    people[role] = { token: joined.body.token, id: joined.body.participant.id };
  }
  const board = await t.api<{ board: { docName: string } }>(`/api/events/${eventId}/boards`, {
    method: "POST",
    token: people.facilitator.token,
    json: { kind: "table", title: "Table 1", question: "What do we need?" },
  });
  docs.board = board.body.board.docName;

  const other = await t.api<{ facilitatorToken: string }>("/api/events", {
    method: "POST",
    json: { title: "Another event", format: "path" },
  });
  const revoked = await t.api<JoinBody>("/api/join", {
    method: "POST",
    json: { code, name: "Leaving" },
  });
  const removal = await t.api(
    `/api/events/${eventId}/participants/${revoked.body.participant.id}`,
    {
      method: "DELETE",
      token: people.facilitator.token,
    },
  );
  expect(removal.status).toBe(200);
  const [header, payload, signature] = people.participant.token.split(".");
  const elevated = Buffer.from(
    JSON.stringify({
      ...JSON.parse(Buffer.from(payload ?? "", "base64url").toString()),
      role: "facilitator",
    }),
  ).toString("base64url");

  bad.missing = { token: undefined, connect: CloseCode.Unauthenticated, http: 401 };
  bad.malformed = { token: "not-a-jwt", connect: CloseCode.Unauthenticated, http: 401 };
  bad.tampered = {
    token: `${header}.${elevated}.${signature}`,
    connect: CloseCode.Unauthenticated,
    http: 401,
  };
  bad.expired = {
    token: await t.expiredToken({
      eventId,
      participantId: people.facilitator.id,
      role: "facilitator",
    }),
    connect: CloseCode.Unauthenticated,
    http: 401,
  };
  bad["another event's"] = {
    token: other.body.facilitatorToken,
    connect: CloseCode.Forbidden,
    http: 403,
  };
  bad.revoked = { token: revoked.body.token, connect: CloseCode.Forbidden, http: 403 };
  for (const { token } of Object.values(bad)) if (token) t.tokens.add(token);

  for (const kind of ["control", "board"] as const) {
    watchers[kind] = await connectSynced(t.server.url, docs[kind], {
      token: people.facilitator.token,
    });
    watchers[kind]?.doc.getMap("seed").set("hello", kind);
  }
});

afterAll(async () => {
  for (const watcher of Object.values(watchers)) watcher?.destroy();
  await t.server.close();
  expect(logHasNoTokens(t)).toBe(true);
  await removeDir(dataDir);
});

async function finalClose(docName: string, token: string | undefined): Promise<number> {
  const provider = createProvider(t.server.url, docName, token === undefined ? {} : { token });
  try {
    return await waitForFinalClose(provider);
  } finally {
    provider.destroy();
  }
}

/** Resolves once `watcher` sees awareness from `from` carrying `marker`. */
function awarenessMarker(
  watcher: WebsocketProvider,
  from: WebsocketProvider,
  marker: string,
): Promise<void> {
  const seen = () => watcher.awareness.getStates().get(from.doc.clientID)?.marker === marker;
  return withTimeout(
    new Promise<void>((resolve) => {
      if (seen()) return resolve();
      const onChange = () => {
        if (!seen()) return;
        watcher.awareness.off("change", onChange);
        resolve();
      };
      watcher.awareness.on("change", onChange);
    }),
    5_000,
    `awareness marker ${marker}`,
  );
}

async function storedAuthors(docName: string): Promise<string[]> {
  const history = await t.api<{ entries: Array<{ author: string }> }>(
    `/api/docs/${docName}/history`,
    { token: people.facilitator.token },
  );
  expect(history.status).toBe(200);
  return history.body.entries.map((e) => e.author);
}

async function storedState(docName: string): Promise<Y.Doc> {
  const response = await fetch(
    `${t.server.url}/api/docs/${docName}/state?at=${Date.now() + 1000}`,
    {
      headers: { Authorization: `Bearer ${people.facilitator.token}` },
    },
  );
  expect(response.status).toBe(200);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(await response.arrayBuffer()));
  return doc;
}

const matrix: Array<{ role: Role; kind: DocKind; write: boolean; history: boolean }> = [
  { role: "facilitator", kind: "control", write: true, history: true },
  { role: "facilitator", kind: "board", write: true, history: true },
  { role: "participant", kind: "control", write: false, history: false },
  { role: "participant", kind: "board", write: true, history: false },
  { role: "observer", kind: "control", write: false, history: false },
  { role: "observer", kind: "board", write: false, history: false },
];

describe("authorisation matrix: role × doc kind × action", () => {
  it.each(matrix)(
    "$role on the $kind doc: connect and read yes, write $write, history $history",
    async ({ role, kind, write, history }) => {
      const docName = docs[kind];
      const watcher = watchers[kind];
      if (!watcher) throw new Error("no watcher");
      // A doc that already holds local content: the stock client sends it as sync step 2 on connect.
      const doc = new Y.Doc();
      const offlineKey = `offline-${role}-${kind}`;
      doc.getMap("writes").set(offlineKey, role);
      const provider = await connectSynced(t.server.url, docName, {
        token: people[role].token,
        doc,
      });
      try {
        // read
        expect(provider.doc.getMap("seed").get("hello")).toBe(kind);
        // write
        const key = `${role}-${kind}`;
        provider.doc.getMap("writes").set(key, role);
        if (write) {
          await waitForDoc(watcher.doc, (d) => d.getMap("writes").has(key), `${key} to be relayed`);
          expect(watcher.doc.getMap("writes").get(offlineKey)).toBe(role);
          expect(await storedAuthors(docName)).toContain(people[role].id);
          expect((await storedState(docName)).getMap("writes").get(key)).toBe(role);
        } else {
          // Awareness sent after the write on the same socket: once relayed, the write was handled.
          provider.awareness.setLocalStateField("marker", key);
          await awarenessMarker(watcher, provider, key);
          expect(watcher.doc.getMap("writes").has(key)).toBe(false);
          expect(watcher.doc.getMap("writes").has(offlineKey)).toBe(false);
          expect(await storedAuthors(docName)).not.toContain(people[role].id);
          const stored = (await storedState(docName)).getMap("writes");
          expect(stored.has(key)).toBe(false);
          expect(stored.has(offlineKey)).toBe(false);
        }
      } finally {
        provider.destroy();
      }
      // history
      const h = await t.api(`/api/docs/${docName}/history`, { token: people[role].token });
      expect(h.status).toBe(history ? 200 : 403);
    },
  );

  it.each(["facilitator", "participant", "observer"] as const)(
    "%s creating a board",
    async (role) => {
      const response = await t.api(`/api/events/${eventId}/boards`, {
        method: "POST",
        token: people[role].token,
        json: { kind: "table", title: `By ${role}` },
      });
      expect(response.status).toBe(role === "facilitator" ? 201 : 403);
    },
  );
});

describe("authorisation matrix: bad tokens", () => {
  const cases = ["missing", "malformed", "tampered", "expired", "another event's", "revoked"];
  it.each(cases)("token %s: opens nothing", async (name) => {
    const { token, connect, http } = bad[name] ?? { token: undefined, connect: 0, http: 0 };
    for (const kind of ["control", "board"] as const) {
      expect(await finalClose(docs[kind], token)).toBe(connect);
      const history = await t.api(
        `/api/docs/${docs[kind]}/history`,
        token === undefined ? {} : { token },
      );
      expect(history.status).toBe(http);
    }
    const board = await t.api(`/api/events/${eventId}/boards`, {
      method: "POST",
      json: { kind: "table", title: "Nope" },
      ...(token === undefined ? {} : { token }),
    });
    expect(board.status).toBe(http);
    const read = await t.api(`/api/events/${eventId}`, token === undefined ? {} : { token });
    expect(read.status).toBe(http);
  });

  it("errors keep the API's shape when mounted in the real server", async () => {
    const bad = await t.api<{ error: { code: string; field?: string } }>("/api/join", {
      method: "POST",
      json: { code: "ABCDEF", name: "" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "invalid_request", field: "name" });
  });

  it("a doc no event made is 4404 for a valid token", async () => {
    expect(await finalClose("no-such-doc", people.facilitator.token)).toBe(CloseCode.DocNotFound);
  });
});

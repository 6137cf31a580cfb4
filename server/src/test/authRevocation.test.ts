import { CloseCode } from "@tablecloth/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AuthTestServer, logHasNoTokens, startAuthTestServer } from "./authHarness";
import { connectSynced, createProvider, waitForFinalClose } from "./connectProvider";
import { makeTempDir, removeDir } from "./testServer";
import { waitForDoc } from "./waitFor";

interface Created {
  event: { id: string; joinCode: string; controlDocName: string };
  facilitatorToken: string;
}
interface Joined {
  token: string;
  participant: { id: string };
}

let dataDir: string;
let t: AuthTestServer;
beforeEach(async () => {
  dataDir = await makeTempDir();
  t = await startAuthTestServer(dataDir);
});
afterEach(async () => {
  await t.server.close();
  expect(logHasNoTokens(t)).toBe(true);
  await removeDir(dataDir);
});

async function setUp() {
  const created = await t.api<Created>("/api/events", {
    method: "POST",
    json: { title: "Revocation café", format: "world-cafe" },
  });
  const { event, facilitatorToken } = created.body;
  const board = await t.api<{ board: { docName: string } }>(`/api/events/${event.id}/boards`, {
    method: "POST",
    token: facilitatorToken,
    json: { kind: "table", title: "Table 1" },
  });
  const join = async (name: string) =>
    (await t.api<Joined>("/api/join", { method: "POST", json: { code: event.joinCode, name } }))
      .body;
  return { event, facilitatorToken, boardDoc: board.body.board.docName, join };
}

describe("removing a participant", () => {
  it("closes their open sockets within a second, and their token opens nothing after", async () => {
    const { event, facilitatorToken, boardDoc, join } = await setUp();
    const leaving = await join("Leaving");
    const staying = await join("Staying");
    const onBoard = await connectSynced(t.server.url, boardDoc, { token: leaving.token });
    const onControl = await connectSynced(t.server.url, event.controlDocName, {
      token: leaving.token,
    });
    const other = await connectSynced(t.server.url, boardDoc, { token: staying.token });
    try {
      const closes = Promise.all([waitForFinalClose(onBoard), waitForFinalClose(onControl)]);
      const started = Date.now();
      const removal = await t.api(
        `/api/events/${event.id}/participants/${leaving.participant.id}`,
        {
          method: "DELETE",
          token: facilitatorToken,
        },
      );
      expect(removal.status).toBe(200);
      expect(await closes).toEqual([CloseCode.Forbidden, CloseCode.Forbidden]);
      expect(Date.now() - started).toBeLessThan(1_000);

      // Their token opens nothing: sockets, API.
      const retry = createProvider(t.server.url, boardDoc, { token: leaving.token });
      try {
        expect(await waitForFinalClose(retry)).toBe(CloseCode.Forbidden);
      } finally {
        retry.destroy();
      }
      expect((await t.api(`/api/events/${event.id}`, { token: leaving.token })).status).toBe(403);
      expect((await t.api("/api/me", { token: leaving.token })).status).toBe(403);

      // Everyone else keeps working.
      const watcher = await connectSynced(t.server.url, boardDoc, { token: facilitatorToken });
      try {
        other.doc.getMap("notes").set("still", "here");
        await waitForDoc(watcher.doc, (d) => d.getMap("notes").get("still") === "here", "the note");
      } finally {
        watcher.destroy();
      }
    } finally {
      onBoard.destroy();
      onControl.destroy();
      other.destroy();
    }
  });
});

describe("the signing secret", () => {
  it("is kept in DATA_DIR, so a restart keeps everyone in", async () => {
    const { event, boardDoc, join } = await setUp();
    const ada = await join("Ada");
    await t.server.close();
    expect(logHasNoTokens(t)).toBe(true);
    t = await startAuthTestServer(dataDir);
    expect((await t.api(`/api/events/${event.id}`, { token: ada.token })).status).toBe(200);
    t.tokens.add(ada.token);
    const provider = await connectSynced(t.server.url, boardDoc, { token: ada.token });
    provider.destroy();
  });
});

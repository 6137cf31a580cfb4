import { request } from "node:http";
import { readControls } from "@tablecloth/controls";
import { ControlDocKeys, ControlsLimits, type ControlsResponse } from "@tablecloth/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  createTestCafe,
  joinCafe,
  type ProductServer,
  seat,
  startProductServer,
  type TestCafe,
} from "../test/cafeHarness";
import { connectSynced } from "../test/connectProvider";
import { makeTempDir, removeDir } from "../test/testServer";
import { waitForDoc } from "../test/waitFor";

let t: ProductServer;
let dataDir: string;
let cafe: TestCafe;
let controlDocName: string;

beforeAll(async () => {
  dataDir = await makeTempDir();
  t = await startProductServer(dataDir);
  cafe = await createTestCafe(t, 2);
  const details = await t.api<{ controlDocName: string }>(`/api/events/${cafe.eventId}`, {
    token: cafe.facilitator.token,
  });
  controlDocName = details.body.controlDocName;
});

afterAll(async () => {
  await t.server.close();
  await removeDir(dataDir);
});

/**
 * POSTs `{text}` on a connection of its own: the server closes a connection whose body it cut
 * off at the limit, which would break the keep-alive connection the other requests share.
 */
function postOnItsOwnConnection(path: string, text: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${t.server.url}${path}`,
      {
        method: "POST",
        agent: false,
        headers: {
          Authorization: `Bearer ${cafe.facilitator.token}`,
          "Content-Type": "application/json",
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify({ text }));
  });
}

const controls = (path = "") => `/api/events/${cafe.eventId}/controls${path}`;

async function observer() {
  const joined = await t.api<{ participant: { id: string }; token: string }>("/api/join", {
    method: "POST",
    json: { code: cafe.joinCode, name: "Projector", role: "observer" },
  });
  expect(joined.status).toBe(201);
  return { id: joined.body.participant.id, token: joined.body.token };
}

describe("broadcast", () => {
  it("reaches a participant's read-only socket on the control doc, and the newest replaces it", async () => {
    const ana = await joinCafe(t, cafe, "Ana");
    const doc = new Y.Doc();
    const provider = await connectSynced(t.server.url, controlDocName, { doc, token: ana.token });
    try {
      const sent = await t.api<ControlsResponse>(controls("/broadcast"), {
        method: "POST",
        token: cafe.facilitator.token,
        json: { text: "  Five minutes left  ", chime: true },
      });
      expect(sent.status).toBe(201);
      expect(sent.body.broadcast).toMatchObject({
        text: "Five minutes left",
        chime: true,
        fromId: cafe.facilitator.id,
        fromName: "Fran Facilitator",
      });
      await waitForDoc(
        doc,
        (d) => readControls(d).broadcast?.id === sent.body.broadcast?.id,
        "the broadcast on the participant's socket",
      );
      const next = await t.api<ControlsResponse>(controls("/broadcast"), {
        method: "POST",
        token: cafe.facilitator.token,
        json: { text: "Back to your tables" },
      });
      await waitForDoc(
        doc,
        (d) => readControls(d).broadcast?.text === "Back to your tables",
        "the newer broadcast",
      );
      expect(readControls(doc).broadcast).toEqual(next.body.broadcast);
      expect(next.body.broadcast?.chime).toBe(false);
      const read = await t.api<ControlsResponse>(controls(), { token: ana.token });
      expect(read.status).toBe(200);
      expect(read.body.broadcast?.id).toBe(next.body.broadcast?.id);
      const withdrawn = await t.api<ControlsResponse>(controls("/broadcast"), {
        method: "DELETE",
        token: cafe.facilitator.token,
      });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body.broadcast).toBeNull();
      await waitForDoc(doc, (d) => readControls(d).broadcast === null, "the withdrawal");
    } finally {
      provider.destroy();
    }
  });

  it("is never written by a participant's stock y-websocket client", async () => {
    const mallory = await joinCafe(t, cafe, "Mallory");
    const watcherDoc = new Y.Doc();
    const watcher = await connectSynced(t.server.url, controlDocName, {
      doc: watcherDoc,
      token: cafe.facilitator.token,
    });
    const doc = new Y.Doc();
    const provider = await connectSynced(t.server.url, controlDocName, {
      doc,
      token: mallory.token,
    });
    try {
      doc.getMap(ControlDocKeys.controls).set("broadcast", {
        id: "forged",
        text: "Free pizza in the car park",
        chime: true,
        sentAt: 1,
        fromId: cafe.facilitator.id,
        fromName: "Fran Facilitator",
      });
      // Awareness on the same socket after the update: once the watcher sees it, the server
      // has handled the forged update (one socket's frames are handled in order).
      provider.awareness.setLocalStateField("probe", "after-the-forgery");
      await new Promise<void>((resolve) => {
        const seen = () => {
          for (const state of watcher.awareness.getStates().values()) {
            if (state.probe === "after-the-forgery") {
              watcher.awareness.off("change", seen);
              resolve();
            }
          }
        };
        watcher.awareness.on("change", seen);
        seen();
      });
      const read = await t.api<ControlsResponse>(controls(), { token: cafe.facilitator.token });
      expect(read.body.broadcast?.id).not.toBe("forged");
      expect(readControls(watcherDoc).broadcast?.id).not.toBe("forged");
      // Nothing of Mallory's client is in the doc the server holds, under any key.
      const fresh = new Y.Doc();
      const late = await connectSynced(t.server.url, controlDocName, {
        doc: fresh,
        token: cafe.facilitator.token,
      });
      late.destroy();
      expect(fresh.store.clients.has(doc.clientID)).toBe(false);
      expect(watcherDoc.store.clients.has(doc.clientID)).toBe(false);
    } finally {
      provider.destroy();
      watcher.destroy();
    }
  });

  it("refuses bad messages with 400 and a field", async () => {
    const bad: unknown[] = [
      { text: "" },
      { text: "   \n  " },
      { text: "x".repeat(ControlsLimits.broadcastChars + 1) },
      { text: "ring\u0007" },
      { text: "rtl\u202eoverride" },
      { text: 42 },
      { text: "ok", chime: "yes" },
      {},
      [],
      "text",
    ];
    for (const json of bad) {
      const res = await t.api<{ error: { code: string } }>(controls("/broadcast"), {
        method: "POST",
        token: cafe.facilitator.token,
        json,
      });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(res.body.error.code).toBe("invalid_request");
    }
    expect(await postOnItsOwnConnection(controls("/broadcast"), "x".repeat(100_000))).toBe(413);
    const notJson = await fetch(`${t.server.url}${controls("/broadcast")}`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${cafe.facilitator.token}`,
        "Content-Type": "application/json",
      },
      body: "{not json",
    });
    expect(notJson.status).toBe(400);
  });
});

describe("summon", () => {
  it("names everyone, or the people seated at one café table", async () => {
    // A café table's id is its board's id.
    const [first, second] = cafe.tables;
    if (!first || !second) throw new Error("the café has no tables");
    const ben = await joinCafe(t, cafe, "Ben");
    const cleo = await joinCafe(t, cafe, "Cleo");
    await seat(t, cafe, ben, first.id);
    await seat(t, cafe, cleo, second.id);
    const all = await t.api<ControlsResponse>(controls("/summon"), {
      method: "POST",
      token: cafe.facilitator.token,
      json: { boardId: first.id, mode: "control" },
    });
    expect(all.status).toBe(201);
    expect(all.body.summon).toMatchObject({
      boardId: first.id,
      mode: "control",
      audience: { kind: "everyone" },
      leaderId: cafe.facilitator.id,
    });
    const table = await t.api<ControlsResponse>(controls("/summon"), {
      method: "POST",
      token: cafe.facilitator.token,
      json: { boardId: first.id, mode: "follow", tableId: second.id },
    });
    expect(table.status).toBe(201);
    expect(table.body.summon?.audience).toEqual({ kind: "people", participantIds: [cleo.id] });
    const read = await t.api<ControlsResponse>(controls(), { token: ben.token });
    expect(read.body.summon?.id).toBe(table.body.summon?.id);
    const released = await t.api<ControlsResponse>(controls("/summon"), {
      method: "DELETE",
      token: cafe.facilitator.token,
    });
    expect(released.status).toBe(200);
    expect(released.body.summon).toBeNull();
  });

  it("refuses unknown boards, tables and modes", async () => {
    const other = await createTestCafe(t, 1);
    const otherBoard = other.tables[0]?.id;
    const cases: [unknown, number][] = [
      [{ boardId: "nope", mode: "bring" }, 404],
      [{ boardId: otherBoard, mode: "bring" }, 404],
      [{ boardId: cafe.tables[0]?.id, mode: "bring", tableId: "nope" }, 404],
      [{ boardId: cafe.tables[0]?.id, mode: "drag" }, 400],
      [{ boardId: "", mode: "bring" }, 400],
      [{ mode: "bring" }, 400],
    ];
    for (const [json, status] of cases) {
      const res = await t.api(controls("/summon"), {
        method: "POST",
        token: cafe.facilitator.token,
        json,
      });
      expect(res.status, JSON.stringify(json)).toBe(status);
    }
  });
});

describe("who may change the controls", () => {
  it("answers 403 to participants, observers and other events' facilitators, 401 without a token", async () => {
    const dan = await joinCafe(t, cafe, "Dan");
    const watcher = await observer();
    const other = await createTestCafe(t, 1);
    const boardId = cafe.tables[0]?.id;
    const changes: [string, string, unknown][] = [
      ["POST", "/broadcast", { text: "hi" }],
      ["DELETE", "/broadcast", undefined],
      ["POST", "/summon", { boardId, mode: "control" }],
      ["DELETE", "/summon", undefined],
    ];
    for (const [method, path, json] of changes) {
      for (const token of [dan.token, watcher.token, other.facilitator.token]) {
        const res = await t.api(controls(path), { method, token, json });
        expect(res.status, `${method} ${path}`).toBe(403);
      }
      const anonymous = await t.api(controls(path), { method, json });
      expect(anonymous.status).toBe(401);
    }
    expect((await t.api(controls(), { token: other.facilitator.token })).status).toBe(403);
    expect((await t.api(controls(), { token: watcher.token })).status).toBe(200);
  });
});

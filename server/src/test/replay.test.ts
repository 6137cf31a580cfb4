import type { BoardHistoryResponse, RestoreResponse } from "@tablecloth/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { readBoardRecords } from "../history/boardRecords";
import {
  createTestCafe,
  joinCafe,
  noteRecord,
  openBoard,
  type ProductServer,
  putRecords,
  roundAction,
  seat,
  startProductServer,
} from "./cafeHarness";
import { makeTempDir, removeDir } from "./testServer";
import { waitForDoc } from "./waitFor";

let t: ProductServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = await makeTempDir();
  t = await startProductServer(dataDir, { TABLECLOTH_RENDER_BROWSER: "none" });
});
afterAll(async () => {
  await t.server.close();
  await removeDir(dataDir);
});

/** Spins until the clock moved past `ms`, so the next change is stamped strictly after it. */
function afterMillisecond(ms: number): void {
  while (Date.now() <= ms) {
    // At most a millisecond; a timer would be coarser than what is measured.
  }
}

const idsOf = (doc: Y.Doc) => [...readBoardRecords(doc).keys()].sort();
const recordsJson = (doc: Y.Doc) => JSON.stringify([...readBoardRecords(doc)].sort());

async function stateAt(docName: string, at: number, token: string): Promise<Y.Doc> {
  const response = await t.fetch(`/api/docs/${docName}/state?at=${at}`, token);
  expect(response.status).toBe(200);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(await response.arrayBuffer()));
  return doc;
}

describe("replay and restore", () => {
  it("the state at t equals what every client had at t, at every moment", async () => {
    const cafe = await createTestCafe(t, 1);
    const table = cafe.tables[0]!;
    const people = await Promise.all(["Ann", "Bo", "Cy"].map((n) => joinCafe(t, cafe, n)));
    const clients: WebsocketProvider[] = [];
    for (const person of people) clients.push(await openBoard(t, table.docName, person));
    try {
      const marks: Array<{ at: number; json: string }> = [];
      for (let i = 0; i < 24; i++) {
        const writer = clients[i % clients.length]!;
        const id = `seek${i}`;
        if (i % 5 === 4) {
          writer.doc.transact(() => {
            writer.doc.getMap<Y.Map<unknown>>("records").delete(`shape:seek${i - 2}`);
          });
        } else putRecords(writer.doc, [noteRecord(id, `idea ${i}`, i * 10, 0)]);
        const expected = recordsJson(writer.doc);
        for (const client of clients) {
          await waitForDoc(client.doc, (d) => recordsJson(d) === expected, `client sees ${id}`);
        }
        const at = Date.now();
        marks.push({ at, json: expected });
        afterMillisecond(at);
      }
      for (const mark of marks) {
        const doc = await stateAt(table.docName, mark.at, cafe.facilitator.token);
        expect(recordsJson(doc)).toBe(mark.json);
      }
    } finally {
      for (const client of clients) client.destroy();
    }
  });

  it("lists changes with names and rounds; anonymous mode names nobody", async () => {
    const cafe = await createTestCafe(t, 1, "Freya Facilitator");
    const table = cafe.tables[0]!;
    const ann = await joinCafe(t, cafe, "Annika Unique");
    await seat(t, cafe, ann, table.id);
    const board = await openBoard(t, table.docName, ann);
    // A second reader: once it sees a change, the server has applied it (no race with the round).
    const watcher = await openBoard(t, table.docName, cafe.facilitator);
    try {
      putRecords(board.doc, [noteRecord("before", "before rounds")]);
      await waitForDoc(watcher.doc, (d) => idsOf(d).includes("shape:before"), "before");
      await roundAction(t, cafe, "start");
      putRecords(board.doc, [noteRecord("during", "in round one")]);
      await waitForDoc(watcher.doc, (d) => idsOf(d).includes("shape:during"), "during");
      await t.server.syncServer.flush();
      await roundAction(t, cafe, "end");

      const path = `/api/events/${cafe.eventId}/boards/${table.id}/history`;
      expect((await t.api(path)).status).toBe(401);
      expect((await t.api(path, { token: ann.token })).status).toBe(403);
      expect(
        (await t.api(`${path}?anonymous=maybe`, { token: cafe.facilitator.token })).status,
      ).toBe(400);
      const named = await t.api<BoardHistoryResponse>(path, { token: cafe.facilitator.token });
      expect(named.status).toBe(200);
      expect(named.body.rounds).toHaveLength(1);
      const mine = named.body.entries.filter((e) => e.author === ann.id);
      expect(mine.map((e) => e.round)).toEqual([0, 1]);
      expect(mine.every((e) => e.authorName === "Annika Unique")).toBe(true);
      expect(named.body.authors).toContainEqual({ id: ann.id, name: "Annika Unique" });

      const anon = await t.api<BoardHistoryResponse>(`${path}?anonymous=1`, {
        token: cafe.facilitator.token,
      });
      expect(anon.status).toBe(200);
      const text = JSON.stringify(anon.body);
      for (const leak of ["Annika", ann.id, "Freya", cafe.facilitator.id]) {
        expect(text).not.toContain(leak);
      }
      expect(anon.body.entries.map((e) => e.round)).toEqual(named.body.entries.map((e) => e.round));
    } finally {
      watcher.destroy();
      board.destroy();
    }
  });

  it("restores a moment as a forward change while a participant keeps drawing", async () => {
    const cafe = await createTestCafe(t, 1);
    const table = cafe.tables[0]!;
    const pia = await joinCafe(t, cafe, "Pia");
    const participant = await openBoard(t, table.docName, pia);
    const facilitator = await openBoard(t, table.docName, cafe.facilitator);
    try {
      putRecords(participant.doc, [noteRecord("keep", "kept idea")]);
      await waitForDoc(facilitator.doc, (d) => idsOf(d).includes("shape:keep"), "keep");
      const moment = Date.now();
      afterMillisecond(moment);
      putRecords(participant.doc, [noteRecord("later", "a later idea")]);
      await waitForDoc(facilitator.doc, (d) => idsOf(d).includes("shape:later"), "later");
      await t.server.syncServer.flush();
      const entriesBefore = (
        await t.api<BoardHistoryResponse>(
          `/api/events/${cafe.eventId}/boards/${table.id}/history`,
          {
            token: cafe.facilitator.token,
          },
        )
      ).body.entries.length;

      // The participant keeps drawing while the restore is on its way: what they drew after the
      // facilitator clicked may reach the server before the request does.
      const began = Date.now();
      afterMillisecond(began);
      putRecords(participant.doc, [noteRecord("during", "drawn during the restore")]);
      await waitForDoc(facilitator.doc, (d) => idsOf(d).includes("shape:during"), "during");
      const restoring = t.api<RestoreResponse>(
        `/api/events/${cafe.eventId}/boards/${table.id}/restore`,
        { method: "POST", token: cafe.facilitator.token, json: { at: moment, began } },
      );
      const restored = await restoring;
      expect(restored.status).toBe(200);
      putRecords(participant.doc, [noteRecord("after", "drawn after the restore")]);

      const expected = (ids: string[]) =>
        ids.includes("shape:after") && !ids.includes("shape:later");
      await waitForDoc(facilitator.doc, (d) => expected(idsOf(d)), "facilitator sees the result");
      await waitForDoc(participant.doc, (d) => expected(idsOf(d)), "participant sees the result");
      expect(idsOf(participant.doc)).toEqual(["shape:after", "shape:during", "shape:keep"]);
      expect(recordsJson(participant.doc)).toBe(recordsJson(facilitator.doc));

      // It is in the history as the facilitator's change, and restoring undoAt undoes it.
      const history = await t.api<BoardHistoryResponse>(
        `/api/events/${cafe.eventId}/boards/${table.id}/history`,
        { token: cafe.facilitator.token },
      );
      const added = history.body.entries.slice(entriesBefore);
      expect(added.some((e) => e.author === cafe.facilitator.id)).toBe(true);
      const undo = await t.api<RestoreResponse>(
        `/api/events/${cafe.eventId}/boards/${table.id}/restore`,
        { method: "POST", token: cafe.facilitator.token, json: { at: restored.body.undoAt } },
      );
      expect(undo.status).toBe(200);
      // The board just before the restore began: what was drawn since is a later moment.
      await waitForDoc(participant.doc, (d) => idsOf(d).includes("shape:later"), "undo arrives");
      expect(idsOf(participant.doc)).toEqual(["shape:keep", "shape:later"]);

      const bad = await t.api(`/api/events/${cafe.eventId}/boards/${table.id}/restore`, {
        method: "POST",
        token: cafe.facilitator.token,
        json: { at: "yesterday" },
      });
      expect(bad.status).toBe(400);
      const notMine = await t.api(`/api/events/${cafe.eventId}/boards/${table.id}/restore`, {
        method: "POST",
        token: pia.token,
        json: { at: moment },
      });
      expect(notMine.status).toBe(403);
      const otherCafe = await createTestCafe(t, 1);
      const crossEvent = await t.api(
        `/api/events/${otherCafe.eventId}/boards/${table.id}/restore`,
        { method: "POST", token: otherCafe.facilitator.token, json: { at: moment } },
      );
      expect(crossEvent.status).toBe(404);
    } finally {
      participant.destroy();
      facilitator.destroy();
    }
  });
});

import type { BoardFramesResponse, BoardHistoryResponse } from "@tablecloth/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readBoardRecords as readAll } from "../history/boardRecords";
import { REPLAY_RECORD_TYPES } from "../history/historyFrames";
import {
  createTestCafe,
  joinCafe,
  noteRecord,
  openBoard,
  type ProductServer,
  putRecords,
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

/** The board as a replay shows it: its drawing, without the user records that name people. */
const readBoardRecords = (doc: Y.Doc) =>
  new Map([...readAll(doc)].filter(([, r]) => REPLAY_RECORD_TYPES.has(r.typeName)));

const recordsJson = (records: Map<string, unknown>) =>
  JSON.stringify([...records].sort(([a], [b]) => (a < b ? -1 : 1)));

describe("replay frames", () => {
  it("replayed one after another, the frames give the state endpoint's board at every moment", async () => {
    const cafe = await createTestCafe(t, 1);
    const table = cafe.tables[0]!;
    const ann = await joinCafe(t, cafe, "Ann");
    const board = await openBoard(t, table.docName, ann);
    const watcher = await openBoard(t, table.docName, cafe.facilitator);
    try {
      for (let i = 0; i < 12; i++) {
        if (i % 4 === 3) {
          board.doc.transact(() => {
            board.doc.getMap<Y.Map<unknown>>("records").delete(`shape:f${i - 2}`);
          });
        } else putRecords(board.doc, [noteRecord(`f${i}`, `idea ${i}`, i * 10, 0)]);
        const expected = recordsJson(readBoardRecords(board.doc));
        await waitForDoc(watcher.doc, (d) => recordsJson(readBoardRecords(d)) === expected, `${i}`);
      }
      const base = `/api/events/${cafe.eventId}/boards/${table.id}`;
      expect((await t.api(`${base}/history/frames`)).status).toBe(401);
      expect((await t.api(`${base}/history/frames`, { token: ann.token })).status).toBe(403);
      const answer = await t.api<BoardFramesResponse>(`${base}/history/frames`, {
        token: cafe.facilitator.token,
      });
      expect(answer.status).toBe(200);
      expect(answer.body.everyChange).toBe(true);
      const history = await t.api<BoardHistoryResponse>(`${base}/history`, {
        token: cafe.facilitator.token,
      });
      const lastSeq = history.body.entries[history.body.entries.length - 1]?.seq;
      expect(answer.body.frames[answer.body.frames.length - 1]?.seq).toBe(lastSeq);

      const shown = new Map<string, unknown>();
      for (const frame of answer.body.frames) {
        for (const record of frame.put) shown.set(String(record.id), record);
        for (const id of frame.removed) shown.delete(id);
        const response = await t.fetch(
          `/api/docs/${table.docName}/state?at=${frame.at}`,
          cafe.facilitator.token,
        );
        const doc = new Y.Doc();
        Y.applyUpdate(doc, new Uint8Array(await response.arrayBuffer()));
        expect(recordsJson(shown)).toBe(recordsJson(readBoardRecords(doc)));
      }
      expect(recordsJson(shown)).toBe(recordsJson(readBoardRecords(board.doc)));

      const other = await createTestCafe(t, 1);
      const cross = await t.api(`/api/events/${other.eventId}/boards/${table.id}/history/frames`, {
        token: other.facilitator.token,
      });
      expect(cross.status).toBe(404);
    } finally {
      watcher.destroy();
      board.destroy();
    }
  });
});

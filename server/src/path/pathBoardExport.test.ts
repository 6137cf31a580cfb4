import { PATH_REGIONS, POSTER } from "@tablecloth/path";
import type { PathPlan } from "@tablecloth/protocol";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  noteRecord,
  openBoard,
  type ProductServer,
  putRecords,
  startProductServer,
} from "../test/cafeHarness";
import { makeTempDir, removeDir } from "../test/testServer";
import { pollUntil } from "../test/waitFor";
import { exportBounds, exportDpi, POSTER_BOUNDS } from "./pathBoardExport";

let t: ProductServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = await makeTempDir();
  // No browser here: the pictures' bounds are checked below, the pictures by the e2e and bench.
  t = await startProductServer(dataDir, { TABLECLOTH_RENDER_BROWSER: "none" });
});
afterAll(async () => {
  await t.server.close();
  await removeDir(dataDir);
});

describe("a PATH board in the event export", () => {
  it("is pictured as its whole A0 sheet; other boards as their drawing", () => {
    expect(POSTER_BOUNDS).toEqual({ x: 0, y: 0, w: POSTER.w, h: POSTER.h });
    expect(POSTER_BOUNDS).toEqual({ x: 0, y: 0, w: 7022, h: 4967 });
    const board = { kind: "path" } as Parameters<typeof exportBounds>[0];
    expect(exportBounds(board)).toEqual(POSTER_BOUNDS);
    expect(exportBounds({ ...board, kind: "table" })).toBeUndefined();
    expect(exportDpi(board)).toBe(150);
    expect(exportDpi({ ...board, kind: "table" })).toBeUndefined();
  });

  it("has the plan's plain list beside the poster: people, actions and each region's notes", async () => {
    const created = await t.api<{
      event: { id: string; joinCode: string };
      facilitatorToken: string;
      participant: { id: string };
    }>("/api/events", { method: "POST", json: { title: "Sam's PATH", format: "path" } });
    const f = created.body.facilitatorToken;
    const eventId = created.body.event.id;
    const joined = await t.api<{ participant: { id: string }; token: string }>("/api/join", {
      method: "POST",
      json: { code: created.body.event.joinCode, name: "Pat" },
    });
    const pat = { id: joined.body.participant.id, name: "Pat", token: joined.body.token };
    const plan = (
      await t.api<{ plan: PathPlan }>(`/api/events/${eventId}/path/plans`, {
        method: "POST",
        token: f,
        json: { focus: "Sam", heldOn: "2026-12-02" },
      })
    ).body.plan;
    const base = `/api/events/${eventId}/path/plans/${plan.boardId}`;
    await t.api(`${base}/people`, {
      method: "POST",
      token: f,
      json: { name: "Aunt Rose", brings: "a car", whoWillAsk: "Sam" },
    });
    // Participants write the board only once the PATH started with notes open.
    await t.api(`${base}/step`, { method: "POST", token: f, json: { step: "north-star" } });
    await t.api(`${base}/phase`, { method: "POST", token: f, json: { phase: "add" } });
    const goal = PATH_REGIONS.goal;
    const board = await openBoard(t, plan.docName, pat);
    putRecords(board.doc, [noteRecord("g1", "Cook for twenty", goal.x + 50, goal.y + 200)]);
    try {
      await pollUntil(async () => {
        const list = await t.api<{ text: string }>(`${base}/list`, { token: f });
        return list.body.text.includes("Cook for twenty") ? true : undefined;
      }, "the note to reach the server");
      await t.server.syncServer.flush();
    } finally {
      board.destroy();
    }

    const response = await t.fetch(`/api/events/${eventId}/export`, f);
    expect(response.status).toBe(200);
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const listName = Object.keys(files).find((n) => n.endsWith("/path-plan.txt"));
    expect(listName).toBeDefined();
    const text = strFromU8(files[listName ?? ""] ?? new Uint8Array());
    expect(text).toContain("PATH for Sam");
    expect(text).toMatch(/2\. The goal[^\n]*\n\s+- Cook for twenty/);
    expect(text).toContain("Aunt Rose: brings a car; Sam will ask");
    expect(strFromU8(files["index.html"] ?? new Uint8Array())).toContain("path-plan.txt");
  });
});

import { readCafeNames } from "@tablecloth/cafe";
import type { CafePlan, CafeTable } from "@tablecloth/protocol";
import { describe, expect, it } from "vitest";
import { connectSynced } from "../test/connectProvider";
import { waitForDoc } from "../test/waitFor";
import { useCafeTestServer } from "./test/cafeTestServer";

const t = useCafeTestServer();
const { createCafeWithTwoTables, join } = t;

describe("café API: people and tables", () => {
  it("puts names beside the seats, so pages following the control doc can name everyone", async () => {
    const { api, f, t1, t2, ...cafe } = await createCafeWithTwoTables({
      rounds: 2,
      roundMs: 60_000,
      people: 6,
    });
    const watcher = await connectSynced(t.server.url, cafe.controlDocName, {
      token: cafe.facilitator.token,
    });
    try {
      const ana = await join(cafe.joinCode, "Ana");
      const bo = await join(cafe.joinCode, "Bo");
      const cy = await join(cafe.joinCode, "Cy");
      // Saying "I'm here", being seated, being made host: each carries the name with it.
      await t.api(`${api}/presence`, {
        method: "POST",
        token: ana.token,
        json: { presence: "remote" },
      });
      await t.api(`${api}/seat`, {
        method: "POST",
        token: f,
        json: { participantId: bo.id, tableId: t1.id },
      });
      await t.api(`${api}/tables/${t2.id}`, { method: "PATCH", token: f, json: { hostId: cy.id } });
      await waitForDoc(watcher.doc, (doc) => readCafeNames(doc).size === 3, "three names");
      expect(Object.fromEntries(readCafeNames(watcher.doc))).toEqual({
        [ana.id]: "Ana",
        [bo.id]: "Bo",
        [cy.id]: "Cy",
      });
    } finally {
      watcher.destroy();
    }
  });

  it("refuses a table for someone who hosts another before making its board", async () => {
    const { api, f, t1, ...cafe } = await createCafeWithTwoTables({
      rounds: 2,
      roundMs: 60_000,
      people: 4,
    });
    const host = await join(cafe.joinCode, "Host");
    await t.api(`${api}/tables/${t1.id}`, { method: "PATCH", token: f, json: { hostId: host.id } });
    const boards = async () =>
      (await t.api<{ boards: unknown[] }>(`/api/events/${cafe.eventId}`, { token: f })).body.boards
        .length;
    const before = await boards();
    const refused = await t.api(`${api}/tables`, {
      method: "POST",
      token: f,
      json: { title: "Third", hostId: host.id },
    });
    expect(refused.status).toBe(409);
    // No board was made for the table that was refused.
    expect(await boards()).toBe(before);
    const added = await t.api<{ table: CafeTable }>(`${api}/tables`, {
      method: "POST",
      token: f,
      json: { title: "Third" },
    });
    expect(added.status).toBe(201);
    expect(await boards()).toBe(before + 1);
  });

  it("answers a table of the path that does not exist with 404, and a seating that leaves someone out with 400", async () => {
    const { api, f, ...cafe } = await createCafeWithTwoTables({
      rounds: 2,
      roundMs: 60_000,
      people: 4,
    });
    const ana = await join(cafe.joinCode, "Ana");
    await t.api(`${api}/presence`, {
      method: "POST",
      token: ana.token,
      json: { presence: "remote" },
    });
    expect(
      (await t.api(`${api}/tables/nope/volunteer`, { method: "POST", token: ana.token })).status,
    ).toBe(404);
    expect(
      (await t.api(`${api}/tables/nope`, { method: "PATCH", token: f, json: { title: "X" } }))
        .status,
    ).toBe(404);
    const plan = await t.api<{ plan: CafePlan }>(`${api}/rotation/plan`, {
      method: "POST",
      token: f,
      json: { seed: 2 },
    });
    const incomplete = await t.api<{ error: { field?: string } }>(`${api}/rotation/apply`, {
      method: "POST",
      token: f,
      json: { base: plan.body.plan.base, seating: {} },
    });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.error.field).toBe(`seating.${ana.id}`);
  });
});

import { CAFE_KEYS, CAFE_MAPS, readCafe } from "@tablecloth/cafe";
import { type CafePlan, CloseCode } from "@tablecloth/protocol";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { cafeRoundsDocName } from "../events/ids";
import { connectSynced } from "../test/connectProvider";
import { type Person, useCafeTestServer } from "./test/cafeTestServer";

const t = useCafeTestServer();
const { createCafeWithTwoTables, join, recordedRounds, finalCloseOf } = t;

describe("café API: past rounds", () => {
  it("keeps the rounds doc from every client: participants' and facilitators' sockets are refused", async () => {
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
    const plan = await t.api<{ plan: CafePlan }>(`${api}/rotation/plan`, {
      method: "POST",
      token: f,
      json: { seed: 1 },
    });
    const applied = await t.api(`${api}/rotation/apply`, {
      method: "POST",
      token: f,
      json: { base: plan.body.plan.base, seating: plan.body.plan.seating },
    });
    expect(applied.status).toBe(200);
    // The doc exists and holds a round, yet nobody outside the server can open it.
    expect((await recordedRounds(cafe.eventId)).map((r) => r.round)).toEqual([0]);
    const roundsDoc = cafeRoundsDocName(cafe.eventId);
    expect(await finalCloseOf(roundsDoc, ana.token)).toBe(CloseCode.DocNotFound);
    expect(await finalCloseOf(roundsDoc, f)).toBe(CloseCode.DocNotFound);
    // The same tokens open the control doc, so the refusal is about the doc, not the caller.
    const control = await connectSynced(t.server.url, cafe.controlDocName, { token: ana.token });
    control.destroy();
  });

  it("plans from an older control doc: object seats, no slots, past rounds in cafe.history", async () => {
    const { api, f, t1, t2, ...cafe } = await createCafeWithTwoTables({
      rounds: 3,
      roundMs: 60_000,
      people: 6,
    });
    const people: Person[] = [];
    for (const name of ["A", "B", "a1", "a2", "b1", "b2"])
      people.push(await join(cafe.joinCode, name));
    const [hostA, hostB, a1, a2, b1, b2] = people as [
      Person,
      Person,
      Person,
      Person,
      Person,
      Person,
    ];
    await t.api(`${api}/tables/${t1.id}`, {
      method: "PATCH",
      token: f,
      json: { hostId: hostA.id },
    });
    await t.api(`${api}/tables/${t2.id}`, {
      method: "PATCH",
      token: f,
      json: { hostId: hostB.id },
    });

    // Rewrite the control doc as an older version left it: object seats, no slots, and a past
    // round in which all six sat together.
    const legacySeats: Record<string, string> = {
      [hostA.id]: t1.id,
      [a1.id]: t1.id,
      [a2.id]: t1.id,
      [hostB.id]: t2.id,
      [b1.id]: t2.id,
      [b2.id]: t2.id,
    };
    await t.server.syncServer.transact(cafe.controlDocName, "test", (doc) => {
      doc.getMap<unknown>(CAFE_MAPS.tables).forEach((value) => {
        if (value instanceof Y.Map) value.delete(CAFE_KEYS.slot);
      });
      doc.getMap<unknown>(CAFE_MAPS.settings).delete(CAFE_KEYS.lastSlot);
      doc.getMap<unknown>(CAFE_MAPS.presence).clear();
      const seating = doc.getMap<unknown>(CAFE_MAPS.seating);
      for (const [id, tableId] of Object.entries(legacySeats)) {
        seating.set(id, { tableId, presence: "in-room" });
      }
      const together = Object.fromEntries(people.map((p) => [p.id, t1.id]));
      doc.getMap<unknown>(CAFE_MAPS.history).set("0", { round: 0, seating: together });
    });
    expect(
      (await t.api(`${api}/round`, { method: "POST", token: f, json: { action: "start" } })).status,
    ).toBe(200);

    const plan = await t.api<{ plan: CafePlan }>(`${api}/rotation/plan`, {
      method: "POST",
      token: f,
      json: { seed: 3 },
    });
    expect(plan.status).toBe(200);
    expect(plan.body.plan.base).toEqual(legacySeats);
    // Everyone met everyone in the legacy round: every pair at a table of three repeats.
    expect(plan.body.plan.stats.repeatPairs).toBe(6);
    const applied = await t.api<{ round: number; moved: number }>(`${api}/rotation/apply`, {
      method: "POST",
      token: f,
      json: { base: plan.body.plan.base, seating: plan.body.plan.seating },
    });
    expect(applied.body).toEqual({ round: 2, moved: 4 });
    expect(await recordedRounds(cafe.eventId)).toEqual([{ round: 1, seating: legacySeats }]);

    const watcher = await connectSynced(t.server.url, cafe.controlDocName, { token: a1.token });
    try {
      const state = readCafe(watcher.doc);
      expect(state.problems).toEqual([]);
      for (const [id, tableId] of Object.entries(plan.body.plan.seating)) {
        expect(state.seating[id]).toEqual({ tableId, presence: "in-room" });
      }
      expect(state.history.map((h) => h.round)).toEqual([0]);
      const raw = watcher.doc.getMap<unknown>(CAFE_MAPS.seating);
      // Movers were written compact; the hosts' seats were not touched.
      expect(typeof raw.get(b1.id)).toBe("number");
      expect(raw.get(hostA.id)).toEqual({ tableId: t1.id, presence: "in-room" });
    } finally {
      watcher.destroy();
    }
  });
});

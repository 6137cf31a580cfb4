import { CAFE_MAPS, readCafe, readTimeline } from "@tablecloth/cafe";
import type { CafePlan, CafeTable } from "@tablecloth/protocol";
import { describe, expect, it } from "vitest";
import { connectSynced } from "../test/connectProvider";
import { waitForDoc } from "../test/waitFor";
import { type Person, seatedOnly, useCafeTestServer } from "./test/cafeTestServer";

const t = useCafeTestServer();
const { createCafe, createCafeWithTwoTables, join, recordedRounds } = t;

describe("café API", () => {
  it("gives the server clock to anyone", async () => {
    const before = Date.now();
    const answer = await t.api<{ now: number }>("/api/time");
    expect(answer.status).toBe(200);
    expect(answer.body.now).toBeGreaterThanOrEqual(before);
    expect(answer.body.now).toBeLessThanOrEqual(Date.now());
  });

  it("lets only facilitators set up, names the wrong field, makes N tables for M people", async () => {
    const cafe = await createCafe();
    const ana = await join(cafe.joinCode, "Ana");
    const setupPath = `/api/events/${cafe.eventId}/cafe/setup`;
    const body = { questions: ["What matters?"], rounds: 3, roundMs: 1_200_000 };

    expect((await t.api(setupPath, { method: "PUT", json: body })).status).toBe(401);
    expect((await t.api(setupPath, { method: "PUT", json: body, token: ana.token })).status).toBe(
      403,
    );
    const bad = await t.api<{ error: { field?: string } }>(setupPath, {
      method: "PUT",
      token: cafe.facilitator.token,
      json: { ...body, rounds: 0 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("rounds");

    const made = await t.api<{ tables: CafeTable[] }>(setupPath, {
      method: "PUT",
      token: cafe.facilitator.token,
      json: { ...body, makeTables: { count: 3, people: 14 } },
    });
    expect(made.status).toBe(200);
    expect(made.body.tables.map((x) => x.title)).toEqual(["Table 1", "Table 2", "Table 3"]);
    expect(made.body.tables.every((x) => x.capacity === 5 && x.question === "What matters?")).toBe(
      true,
    );
    // Asking again for 3 tables adds none; the boards are real boards of the event.
    const again = await t.api<{ tables: CafeTable[] }>(setupPath, {
      method: "PUT",
      token: cafe.facilitator.token,
      json: { ...body, makeTables: { count: 3, people: 14 } },
    });
    expect(again.body.tables.map((x) => x.id)).toEqual(made.body.tables.map((x) => x.id));
    const details = await t.api<{ boards: Array<{ id: string; kind: string; docName: string }> }>(
      `/api/events/${cafe.eventId}`,
      { token: ana.token },
    );
    expect(details.body.boards.filter((b) => b.kind === "table").map((b) => b.docName)).toEqual(
      made.body.tables.map((x) => x.docName),
    );
  });

  it("seats, rotates with hosts staying, and participants' docs follow", async () => {
    const { api, f, t1, t2, ...cafe } = await createCafeWithTwoTables({
      questions: [],
      rounds: 3,
      roundMs: 600_000,
      people: 8,
    });
    const people: Person[] = [];
    for (const name of ["Maria", "Ben", "Chen", "Dev", "Eli", "Fay"]) {
      people.push(await join(cafe.joinCode, name));
    }
    const [maria, ben] = people as [Person, Person];
    for (const [i, p] of people.entries()) {
      const answer = await t.api(`${api}/presence`, {
        method: "POST",
        token: p.token,
        json: { presence: i % 2 === 0 ? "in-room" : "remote" },
      });
      expect(answer.status).toBe(200);
    }
    // Maria volunteers for table 1; Ben is made host of table 2 by the facilitator.
    expect(
      (await t.api(`${api}/tables/${t1.id}/volunteer`, { method: "POST", token: maria.token }))
        .status,
    ).toBe(200);
    expect(
      (await t.api(`${api}/tables/${t1.id}/volunteer`, { method: "POST", token: ben.token }))
        .status,
    ).toBe(409);
    const hosted = await t.api<{ table: CafeTable }>(`${api}/tables/${t2.id}`, {
      method: "PATCH",
      token: f,
      json: { hostId: ben.id, question: "What next?" },
    });
    expect(hosted.body.table).toMatchObject({ hostId: ben.id, question: "What next?" });

    // A participant watches the control doc read-only, as the café page does.
    const watcher = await connectSynced(t.server.url, cafe.controlDocName, {
      token: people[2]!.token,
    });
    try {
      // Seat everyone (first plan), then start round 1. A plan only reads: no doc is written.
      const writesBefore = t.server.syncServer.metrics.serverWrites;
      const first = await t.api<{ plan: CafePlan }>(`${api}/rotation/plan`, {
        method: "POST",
        token: f,
        json: { seed: 7 },
      });
      expect(first.status).toBe(200);
      expect(t.server.syncServer.metrics.serverWrites).toBe(writesBefore);
      expect(first.body.plan.stats.unseated).toEqual([]);
      const seated = await t.api(`${api}/rotation/apply`, {
        method: "POST",
        token: f,
        json: { base: first.body.plan.base, seating: first.body.plan.seating, startRound: false },
      });
      expect(seated.status).toBe(200);
      const started = await t.api<{ round: { phase: string; round: number } }>(`${api}/round`, {
        method: "POST",
        token: f,
        json: { action: "start" },
      });
      expect(started.body.round).toMatchObject({ phase: "running", round: 1 });
      await waitForDoc(watcher.doc, (doc) => readCafe(doc).round.phase === "running", "round 1");
      const round1 = readCafe(watcher.doc);
      expect(round1.seating[maria.id]?.tableId).toBe(t1.id);
      expect(round1.seating[ben.id]?.tableId).toBe(t2.id);
      expect(round1.seating[people[1]!.id]?.presence).toBe("remote");

      // A participant cannot rotate; a stale plan is refused.
      const plan = await t.api<{ plan: CafePlan }>(`${api}/rotation/plan`, {
        method: "POST",
        token: f,
        json: {},
      });
      expect(
        (await t.api(`${api}/rotation/plan`, { method: "POST", token: ben.token, json: {} }))
          .status,
      ).toBe(403);
      const stale = await t.api(`${api}/rotation/apply`, {
        method: "POST",
        token: f,
        json: { base: first.body.plan.base, seating: plan.body.plan.seating },
      });
      expect(stale.status).toBe(409);

      // Moving a host by hand in the preview is refused with the reason.
      const dragHost = await t.api<{ error: { code: string } }>(`${api}/rotation/plan`, {
        method: "POST",
        token: f,
        json: { seed: plan.body.plan.seed, moves: [{ participantId: maria.id, tableId: t2.id }] },
      });
      expect(dragHost.status).toBe(409);
      // Dragging a traveller by hand changes the preview (and its figures), nothing else.
      const traveller = people[2]!.id;
      const elsewhere = plan.body.plan.seating[traveller] === t1.id ? t2.id : t1.id;
      const dragged = await t.api<{ plan: CafePlan }>(`${api}/rotation/plan`, {
        method: "POST",
        token: f,
        json: {
          seed: plan.body.plan.seed,
          moves: [{ participantId: traveller, tableId: elsewhere }],
        },
      });
      expect(dragged.status).toBe(200);
      expect(dragged.body.plan.seating[traveller]).toBe(elsewhere);
      expect(dragged.body.plan.stats.sizes[elsewhere]).toBe(
        (plan.body.plan.stats.sizes[elsewhere] ?? 0) + 1,
      );

      const applied = await t.api<{ round: number; moved: number }>(`${api}/rotation/apply`, {
        method: "POST",
        token: f,
        json: { base: plan.body.plan.base, seating: plan.body.plan.seating },
      });
      expect(applied.status).toBe(200);
      expect(applied.body).toEqual({ round: 2, moved: 4 });
      await waitForDoc(
        watcher.doc,
        (doc) => {
          const r = readCafe(doc).round;
          return r.phase === "running" && r.round === 2;
        },
        "round 2 on the participant's doc",
      );
      const round2 = readCafe(watcher.doc);
      expect(round2.seating[maria.id]?.tableId).toBe(t1.id);
      expect(round2.seating[ben.id]?.tableId).toBe(t2.id);
      for (const p of people.slice(2)) {
        expect(round2.seating[p.id]?.tableId).not.toBe(round1.seating[p.id]?.tableId);
      }
      // Past rounds are in the server-only rounds doc, not sent to participants.
      expect(round2.history).toEqual([]);
      expect(watcher.doc.getMap(CAFE_MAPS.history).size).toBe(0);
      expect(await recordedRounds(cafe.eventId)).toEqual([
        { round: 0, seating: seatedOnly(first.body.plan.base) },
        { round: 1, seating: seatedOnly(plan.body.plan.base) },
      ]);
      // Seats are compact: a slot per person, presence on its own.
      const rawSeats = watcher.doc.getMap<unknown>(CAFE_MAPS.seating);
      for (const p of people) expect(typeof rawSeats.get(p.id)).toBe("number");
      expect(watcher.doc.getMap<unknown>(CAFE_MAPS.presence).get(people[1]!.id)).toBe("remote");
      expect(round2.seating[people[1]!.id]?.presence).toBe("remote");
      expect(round2.problems).toEqual([]);
      const timeline = readTimeline(watcher.doc);
      expect(timeline.map((e) => e.round)).toEqual([1, 2]);
      expect(timeline[0]!.endedAt).not.toBeNull();
      expect(timeline[1]).toMatchObject({ endedAt: null, startedAt: timeline[0]!.endedAt });

      // The participant cannot write the control doc themselves: their write is dropped.
      watcher.doc.getMap("cafe.settings").set("freeMovement", true);
      const movement = await t.api(`${api}/move`, {
        method: "POST",
        token: people[2]!.token,
        json: { tableId: t1.id },
      });
      expect(movement.status).toBe(403);
    } finally {
      watcher.destroy();
    }
  });

  it("runs the round clock: pause, resume, extend, end; refuses what the state does not allow", async () => {
    const cafe = await createCafe();
    const api = `/api/events/${cafe.eventId}/cafe`;
    const f = cafe.facilitator.token;
    await t.api(`${api}/setup`, { method: "PUT", token: f, json: { rounds: 2, roundMs: 120_000 } });
    const round = (action: string, extra: Record<string, number> = {}) =>
      t.api<{ round: Record<string, number | string>; serverNow: number }>(`${api}/round`, {
        method: "POST",
        token: f,
        json: { action, ...extra },
      });
    expect((await round("pause")).status).toBe(409);
    const started = await round("start");
    expect(started.body.round).toMatchObject({ phase: "running", round: 1, durationMs: 120_000 });
    expect(started.body.round.startedAt).toBe(started.body.serverNow);
    expect((await round("start")).status).toBe(409);
    const paused = await round("pause");
    expect(paused.body.round.phase).toBe("paused");
    expect(paused.body.round.remainingMs as number).toBeLessThanOrEqual(120_000);
    const extended = await round("extend", { extendMs: 60_000 });
    expect(extended.body.round.remainingMs).toBe(
      (paused.body.round.remainingMs as number) + 60_000,
    );
    const resumed = await round("resume");
    expect(resumed.body.round).toMatchObject({ phase: "running", round: 1 });
    expect(resumed.body.round.durationMs).toBe(extended.body.round.remainingMs);
    expect((await round("end")).body.round).toEqual({ phase: "ended", round: 1 });
    expect((await round("start")).body.round).toMatchObject({ phase: "running", round: 2 });
    const badAction = await t.api<{ error: { field?: string } }>(`${api}/round`, {
      method: "POST",
      token: f,
      json: { action: "jump" },
    });
    expect(badAction.status).toBe(400);
    expect(badAction.body.error.field).toBe("action");
  });

  it("lets participants move themselves only when movement is free, and hosts stay", async () => {
    const { api, f, t1, t2, ...cafe } = await createCafeWithTwoTables({
      rounds: 1,
      roundMs: 60_000,
      people: 4,
    });
    const [host, ada, bo] = [
      await join(cafe.joinCode, "Host"),
      await join(cafe.joinCode, "Ada"),
      await join(cafe.joinCode, "Bo"),
    ];
    for (const p of [host, ada, bo]) {
      await t.api(`${api}/presence`, {
        method: "POST",
        token: p.token,
        json: { presence: "remote" },
      });
    }
    const move = (p: Person, tableId: string) =>
      t.api<{ seat: { tableId: string } }>(`${api}/move`, {
        method: "POST",
        token: p.token,
        json: { tableId },
      });

    expect((await move(ada, t1.id)).status).toBe(403);
    expect(
      (await t.api(`${api}/movement`, { method: "PUT", token: ada.token, json: { free: true } }))
        .status,
    ).toBe(403);
    expect(
      (await t.api(`${api}/movement`, { method: "PUT", token: f, json: { free: true } })).status,
    ).toBe(200);
    expect((await move(ada, t1.id)).body.seat.tableId).toBe(t1.id);
    expect((await move(bo, t1.id)).status).toBe(200);
    // Capacity 2 each: table 1 is full.
    expect((await move(host, t1.id)).status).toBe(409);
    expect((await move(host, t2.id)).status).toBe(200);
    await t.api(`${api}/tables/${t2.id}`, { method: "PATCH", token: f, json: { hostId: host.id } });
    expect((await move(host, t1.id)).status).toBe(409);
    const unknown = await t.api<{ error: { field?: string } }>(`${api}/move`, {
      method: "POST",
      token: ada.token,
      json: { tableId: "nope" },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe("tableId");
    // The facilitator can seat anyone (not move a host away).
    expect(
      (
        await t.api(`${api}/seat`, {
          method: "POST",
          token: f,
          json: { participantId: bo.id, tableId: t2.id },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await t.api(`${api}/seat`, {
          method: "POST",
          token: f,
          json: { participantId: host.id, tableId: t1.id },
        })
      ).status,
    ).toBe(409);
    // A harvest board is made once.
    const h1 = await t.api<{ boardId: string }>(`${api}/harvest`, { method: "POST", token: f });
    const h2 = await t.api<{ boardId: string }>(`${api}/harvest`, { method: "POST", token: f });
    expect(h1.status).toBe(200);
    expect(h2.body.boardId).toBe(h1.body.boardId);
  });
});

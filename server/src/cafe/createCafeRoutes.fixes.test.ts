import { type CafePlan, tableJoinPath } from "@tablecloth/protocol";
import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { useCafeTestServer } from "./test/cafeTestServer";

const t = useCafeTestServer();

/** A GET of the real server with a bearer token, answered as the raw response. */
const get = (path: string, token: string) =>
  fetch(`${t.server.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
const { createCafeWithTwoTables, join } = t;

interface ErrorBody {
  error: { code: string; message: string };
}

describe("café API: the fixes facilitators asked for", () => {
  it("holds the round count: no round beyond it, by the round button or a rotation", async () => {
    const { api, f } = await createCafeWithTwoTables({ rounds: 2, roundMs: 60_000, people: 4 });
    const round = (action: string) =>
      t.api<ErrorBody>(`${api}/round`, { method: "POST", token: f, json: { action } });
    expect((await round("start")).status).toBe(200);
    expect((await round("end")).status).toBe(200);
    expect((await round("start")).status).toBe(200);
    expect((await round("end")).status).toBe(200);
    const third = await round("start");
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe("rounds_over");
    expect(third.body.error.message).toContain("All 2 rounds");
    // A rotation that would start round 3 is refused too, and seats nobody.
    const plan = await t.api<{ plan: CafePlan }>(`${api}/rotation/plan`, {
      method: "POST",
      token: f,
      json: {},
    });
    const apply = await t.api<ErrorBody>(`${api}/rotation/apply`, {
      method: "POST",
      token: f,
      json: { base: plan.body.plan.base, seating: plan.body.plan.seating, startRound: true },
    });
    expect(apply.status).toBe(409);
    expect(apply.body.error.code).toBe("rounds_over");
    // Seating without starting a round is still allowed.
    const seatOnly = await t.api(`${api}/rotation/apply`, {
      method: "POST",
      token: f,
      json: { base: plan.body.plan.base, seating: plan.body.plan.seating, startRound: false },
    });
    expect(seatOnly.status).toBe(200);
  });

  it("says a full table is full, naming it, instead of a generic conflict", async () => {
    const { api, f, t1, ...cafe } = await createCafeWithTwoTables({
      rounds: 2,
      roundMs: 60_000,
      // Two tables for four people: two seats each.
      people: 4,
    });
    await t.api(`${api}/movement`, { method: "PUT", token: f, json: { free: true } });
    const people = [
      await join(cafe.joinCode, "Ana"),
      await join(cafe.joinCode, "Bo"),
      await join(cafe.joinCode, "Cy"),
    ];
    const move = (token: string) =>
      t.api<ErrorBody>(`${api}/move`, { method: "POST", token, json: { tableId: t1.id } });
    expect((await move(people[0]?.token ?? "")).status).toBe(200);
    expect((await move(people[1]?.token ?? "")).status).toBe(200);
    const full = await move(people[2]?.token ?? "");
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe("table_full");
    expect(full.body.error.message).toContain(t1.title);
    expect(full.body.error.message).toContain("full");
  });
});

describe("café API: a table's QR code", () => {
  it("draws a join link that comes back to the café at that table, for facilitators only", async () => {
    const { api, f, t1, ...cafe } = await createCafeWithTwoTables({
      rounds: 2,
      roundMs: 60_000,
      people: 4,
    });
    const response = await get(`${api}/tables/${t1.id}/qr.svg`, f);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("image/svg+xml");
    // It is exactly the QR code of the join link that comes back to this table.
    const link = `${t.server.url}${tableJoinPath(cafe.joinCode, cafe.eventId, t1.id)}`;
    expect(link).toContain("?next=%2Fe%2F");
    const expected = await QRCode.toString(link, {
      type: "svg",
      errorCorrectionLevel: "M",
      margin: 2,
    });
    expect(await response.text()).toBe(expected);
    const ana = await join(cafe.joinCode, "Ana");
    expect((await get(`${api}/tables/${t1.id}/qr.svg`, ana.token)).status).toBe(403);
    expect((await get(`${api}/tables/nope/qr.svg`, f)).status).toBe(404);
  });

  it("seats someone who scanned it at that table, in the room, though movement is closed", async () => {
    const { api, t1, ...cafe } = await createCafeWithTwoTables({
      rounds: 2,
      roundMs: 60_000,
      people: 4,
    });
    const ana = await join(cafe.joinCode, "Ana");
    const arrived = await t.api<{ seat: { tableId: string; presence: string } }>(
      `${api}/tables/${t1.id}/arrive`,
      { method: "POST", token: ana.token },
    );
    expect(arrived.status).toBe(200);
    expect(arrived.body.seat).toEqual({ tableId: t1.id, presence: "in-room" });
    const bo = await join(cafe.joinCode, "Bo");
    const unknown = await t.api(`${api}/tables/nope/arrive`, { method: "POST", token: bo.token });
    expect(unknown.status).toBe(404);
    // Ana sits at a table now: another table's code is a move, and only facilitators move people.
    const moved = await t.api(`${api}/tables/${cafe.t2.id}/arrive`, {
      method: "POST",
      token: ana.token,
    });
    expect(moved.status).toBe(403);
  });
});

import { readCafe } from "@tablecloth/cafe";
import type { CafeTable } from "@tablecloth/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestCafe,
  joinCafe,
  type ProductServer,
  seat,
  startProductServer,
  type TestCafe,
} from "./cafeHarness";
import { connectSynced } from "./connectProvider";
import { makeTempDir, removeDir } from "./testServer";

const TICK_MS = 100;
const GRACE_MS = 1_500;

let t: ProductServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = await makeTempDir();
  t = await startProductServer(dataDir, {
    TABLECLOTH_RENDER_BROWSER: "none",
    TABLECLOTH_CAFE_CLOCK_TICK_MS: String(TICK_MS),
    TABLECLOTH_CAFE_SEAT_GRACE_MS: String(GRACE_MS),
  });
});
afterAll(async () => {
  await t.server.close();
  await removeDir(dataDir);
});

const readState = (cafe: TestCafe) => t.server.syncServer.read(`${cafe.eventId}.control`, readCafe);

async function waitFor<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, TICK_MS / 2));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface ErrorBody {
  error?: { code: string; message: string; field?: string };
}

describe("café seats: facilitators remove or re-seat anyone", () => {
  it("re-seats anyone (a host stops hosting the table they leave), refuses a full table, and removes", async () => {
    const cafe = await createTestCafe(t, 2);
    const [t1, t2] = cafe.tables as [CafeTable, CafeTable];
    const api = `/api/events/${cafe.eventId}/cafe`;
    const f = cafe.facilitator.token;
    const [ana, bo, cy] = [
      await joinCafe(t, cafe, "Ana"),
      await joinCafe(t, cafe, "Bo"),
      await joinCafe(t, cafe, "Cy"),
    ];
    await t.api(`${api}/tables/${t1.id}`, { method: "PATCH", token: f, json: { hostId: ana.id } });
    await seat(t, cafe, bo, t1.id);
    const reseat = (participantId: string, tableId: string | null, token = f) =>
      t.api<ErrorBody & { seat?: { tableId: string | null } }>(`${api}/reseat`, {
        method: "POST",
        token,
        json: { participantId, tableId },
      });
    // A participant may not, nor may anyone name someone of another event or an unknown table.
    expect((await reseat(bo.id, t2.id, cy.token)).status).toBe(403);
    expect((await reseat("nobody-here", t2.id)).body.error?.field).toBe("participantId");
    expect((await reseat(bo.id, "no-such-table")).status).toBe(400);
    expect((await reseat(bo.id, t2.id)).body.seat?.tableId).toBe(t2.id);
    // The host moves too, and table 1 has no host any more.
    expect((await reseat(ana.id, t2.id)).body.seat?.tableId).toBe(t2.id);
    let state = await readState(cafe);
    expect(state.tables.find((x) => x.id === t1.id)?.hostId).toBeNull();
    // Two seats at table 2, both taken (Bo and Ana): one more is refused, naming the table.
    await t.api(`${api}/tables/${t2.id}`, { method: "PATCH", token: f, json: { capacity: 2 } });
    const full = await reseat(cy.id, t2.id);
    expect(full.status).toBe(409);
    expect(full.body.error?.code).toBe("table_full");

    const remove = (participantId: string, token = f) =>
      t.api<ErrorBody & { removed?: boolean; releasedTableId?: string | null }>(`${api}/remove`, {
        method: "POST",
        token,
        json: { participantId },
      });
    expect((await remove(bo.id, cy.token)).status).toBe(403);
    expect((await remove("")).status).toBe(400);
    expect((await remove("nobody-here")).status).toBe(400);
    await t.api(`${api}/tables/${t2.id}`, { method: "PATCH", token: f, json: { hostId: bo.id } });
    expect((await remove(bo.id)).body).toEqual({ removed: true, releasedTableId: t2.id });
    state = await readState(cafe);
    expect(state.seating[bo.id]).toBeUndefined();
    expect(state.tables.find((x) => x.id === t2.id)?.hostId).toBeNull();
    expect((await remove(bo.id)).body).toEqual({ removed: false, releasedTableId: null });
    // Bo may come back and say "I'm here" again.
    const back = await t.api(`${api}/presence`, {
      method: "POST",
      token: bo.token,
      json: { presence: "remote" },
    });
    expect(back.status).toBe(200);
    expect((await readState(cafe)).seating[bo.id]).toEqual({ tableId: null, presence: "remote" });
  });
});

describe("café seats: people who leave are freed after the grace period", () => {
  it("frees the seat of someone with no socket past the grace period; one back within it keeps theirs", async () => {
    const cafe = await createTestCafe(t, 2);
    const [t1] = cafe.tables as [CafeTable];
    const stays = await joinCafe(t, cafe, "Stays");
    const leaves = await joinCafe(t, cafe, "Leaves");
    const blinks = await joinCafe(t, cafe, "Blinks");
    // "Leaves" is gone from the moment the sweeper first sees their seat: after this, not after
    // `started` below (measured from there, a free at 1,473 ms of a 1,500 ms grace looked early).
    const leavesSeating = Date.now();
    for (const person of [stays, leaves, blinks]) await seat(t, cafe, person, t1.id);
    // The facilitator's page holds the control doc; "Stays" has the café open the whole time.
    const facilitatorPage = await connectSynced(t.server.url, `${cafe.eventId}.control`, {
      token: cafe.facilitator.token,
    });
    const staysPage = await connectSynced(t.server.url, `${cafe.eventId}.control`, {
      token: stays.token,
    });
    // "Blinks" is on their table's board, drops for less than the grace period, and comes back.
    let blinksPage = await connectSynced(t.server.url, `${cafe.eventId}.${t1.id}`, {
      token: blinks.token,
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, GRACE_MS / 3));
      blinksPage.destroy();
      await new Promise((resolve) => setTimeout(resolve, GRACE_MS / 2));
      blinksPage = await connectSynced(t.server.url, `${cafe.eventId}.${t1.id}`, {
        token: blinks.token,
      });
      // "Leaves" never had a socket: gone since the sweeper first saw them.
      const freed = await waitFor("Leaves' seat to be freed", async () => {
        const state = await readState(cafe);
        return state.seating[leaves.id] === undefined ? state : null;
      });
      expect(Date.now() - leavesSeating).toBeGreaterThanOrEqual(GRACE_MS);
      expect(freed.seating[stays.id]?.tableId).toBe(t1.id);
      expect(freed.seating[blinks.id]?.tableId).toBe(t1.id);
      // Well past "Blinks"' drop plus the grace period, they still have it.
      await new Promise((resolve) => setTimeout(resolve, GRACE_MS));
      expect((await readState(cafe)).seating[blinks.id]?.tableId).toBe(t1.id);
      // Back, "Leaves" says "I'm here" and waits for a seat like anyone new.
      await t.api(`/api/events/${cafe.eventId}/cafe/presence`, {
        method: "POST",
        token: leaves.token,
        json: { presence: "in-room" },
      });
      expect((await readState(cafe)).seating[leaves.id]).toEqual({
        tableId: null,
        presence: "in-room",
      });
    } finally {
      blinksPage.destroy();
      staysPage.destroy();
      facilitatorPage.destroy();
    }
  });
});

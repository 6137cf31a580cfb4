import { type CafeState, readCafe, readPastRounds } from "@tablecloth/cafe";
import type { CafeTable } from "@tablecloth/protocol";
import { silentLogger } from "@tablecloth/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CafeRoundClock } from "../cafe/CafeRoundClock";
import { cafeRoundsDocName } from "../events/ids";
import {
  createTestCafe,
  joinCafe,
  type Person,
  type ProductServer,
  seat,
  startProductServer,
  type TestCafe,
} from "./cafeHarness";
import { makeTempDir, removeDir } from "./testServer";

const TICK_MS = 100;
const ROUND_MS = 1_000;

let t: ProductServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = await makeTempDir();
  t = await startProductServer(dataDir, {
    TABLECLOTH_RENDER_BROWSER: "none",
    TABLECLOTH_CAFE_CLOCK_TICK_MS: String(TICK_MS),
  });
});
afterAll(async () => {
  await t.server.close();
  await removeDir(dataDir);
});

/** Two hosted tables, four travellers seated two by two; nobody has a socket open. */
async function seatedCafe(): Promise<{ cafe: TestCafe; hosts: Person[]; travellers: Person[] }> {
  const cafe = await createTestCafe(t, 2);
  const [t1, t2] = cafe.tables as [CafeTable, CafeTable];
  const api = `/api/events/${cafe.eventId}/cafe`;
  await t.api(`${api}/setup`, {
    method: "PUT",
    token: cafe.facilitator.token,
    json: { questions: [], rounds: 3, roundMs: ROUND_MS },
  });
  const hosts: Person[] = [];
  for (const [i, table] of [t1, t2].entries()) {
    const host = await joinCafe(t, cafe, `Host ${i}`);
    await t.api(`${api}/tables/${table.id}`, {
      method: "PATCH",
      token: cafe.facilitator.token,
      json: { hostId: host.id },
    });
    hosts.push(host);
  }
  const travellers: Person[] = [];
  for (let i = 0; i < 4; i++) {
    const person = await joinCafe(t, cafe, `Traveller ${i}`);
    await seat(t, cafe, person, i % 2 === 0 ? t1.id : t2.id);
    travellers.push(person);
  }
  return { cafe, hosts, travellers };
}

const controlDoc = (cafe: TestCafe) => `${cafe.eventId}.control`;
const readState = (cafe: TestCafe): Promise<CafeState> =>
  t.server.syncServer.read(controlDoc(cafe), readCafe);

async function waitFor<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, TICK_MS / 2));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const setRoundEnd = (cafe: TestCafe, choice: string, token = cafe.facilitator.token) =>
  t.api<{ choice?: string; error?: { code: string } }>(
    `/api/events/${cafe.eventId}/cafe/round-end`,
    { method: "PUT", token, json: { choice } },
  );

const startRound = (cafe: TestCafe) =>
  t.api(`/api/events/${cafe.eventId}/cafe/round`, {
    method: "POST",
    token: cafe.facilitator.token,
    json: { action: "start" },
  });

describe("the café's round timer on the server", () => {
  it("only facilitators choose, and only rotate or prompt", async () => {
    const { cafe, travellers } = await seatedCafe();
    expect((await setRoundEnd(cafe, "rotate", travellers[0]?.token)).status).toBe(403);
    expect((await setRoundEnd(cafe, "explode")).status).toBe(400);
    expect((await setRoundEnd(cafe, "rotate")).body).toEqual({ choice: "rotate" });
    expect(
      await t.server.syncServer.read(controlDoc(cafe), (d) =>
        d.getMap("cafe.settings").get("atRoundEnd"),
      ),
    ).toBe("rotate");
  });

  it("auto-rotate: at 0:00 the server rotates and starts the next round, nobody online", async () => {
    const { cafe, hosts, travellers } = await seatedCafe();
    await setRoundEnd(cafe, "rotate");
    const before = await readState(cafe);
    expect((await startRound(cafe)).status).toBe(200);
    const after = await waitFor("round 2", async () => {
      const state = await readState(cafe);
      return state.round.phase === "running" && state.round.round === 2 ? state : null;
    });
    for (const host of hosts) {
      expect(after.seating[host.id]?.tableId).toBe(before.seating[host.id]?.tableId);
    }
    for (const person of travellers) {
      expect(after.seating[person.id]?.tableId).not.toBe(before.seating[person.id]?.tableId);
    }
    // The ending round was recorded for the planner, as a facilitator's rotation is.
    const recorded = await t.server.syncServer.read(
      cafeRoundsDocName(cafe.eventId),
      readPastRounds,
    );
    expect(recorded.rounds.map((r) => r.round)).toEqual([1]);
    // And again at round 2's end; after round 3 (the last), the round only ends.
    await waitFor("round 3", async () => {
      const { round } = await readState(cafe);
      return round.phase === "running" && round.round === 3 ? round : null;
    });
    const seatsInRound3 = (await readState(cafe)).seating;
    const last = await waitFor("round 3 ended", async () => {
      const { round } = await readState(cafe);
      return round.phase === "ended" ? round : null;
    });
    expect(last).toEqual({ phase: "ended", round: 3 });
    expect((await readState(cafe)).seating).toEqual(seatsInRound3);
  });

  it("gentle prompt: at 0:00 nothing moves until the facilitator rotates", async () => {
    const { cafe } = await seatedCafe();
    const before = await readState(cafe);
    await startRound(cafe);
    const started = (await readState(cafe)).round;
    expect(started.phase).toBe("running");
    const endsAt = started.phase === "running" ? started.startedAt + started.durationMs : 0;
    // Several ticks past the end.
    await waitFor("five ticks past the round's end", async () =>
      Date.now() > endsAt + 5 * TICK_MS ? true : null,
    );
    const after = await readState(cafe);
    expect(after.round).toEqual(started);
    expect(after.seating).toEqual(before.seating);
  });

  it("two clocks racing over the same round's end rotate once", async () => {
    const { cafe } = await seatedCafe();
    await setRoundEnd(cafe, "rotate");
    const clocks = [1, 2, 3].map(
      (seed) =>
        new CafeRoundClock({
          sync: t.server.syncServer,
          logger: silentLogger,
          tickMs: 60_000,
          seed: () => seed,
        }),
    );
    await startRound(cafe);
    for (const clock of clocks) clock.watch(controlDoc(cafe));
    const started = (await readState(cafe)).round;
    const endsAt = started.phase === "running" ? started.startedAt + started.durationMs : 0;
    await waitFor("the round's end", async () => (Date.now() >= endsAt ? true : null));
    // The server's own clock races them too.
    await Promise.all(clocks.map((clock) => clock.tick()));
    await waitFor("round 2", async () => {
      const { round } = await readState(cafe);
      return round.phase === "running" && round.round === 2 ? round : null;
    });
    await Promise.all(clocks.map((clock) => clock.tick()));
    expect((await readState(cafe)).round).toMatchObject({ phase: "running", round: 2 });
    const recorded = await t.server.syncServer.read(
      cafeRoundsDocName(cafe.eventId),
      readPastRounds,
    );
    expect(recorded.rounds.map((r) => r.round)).toEqual([1]);
  });
});

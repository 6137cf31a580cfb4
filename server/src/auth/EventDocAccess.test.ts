import { CloseCode } from "@tablecloth/protocol";
import { openDatabase } from "@tablecloth/storage";
import { silentLogger } from "@tablecloth/sync";
import type { Database } from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EventRecord, ParticipantRecord } from "../events/EventStore";
import { openEventStore } from "../events/openEventStore";
import { EventDocAccess } from "./EventDocAccess";
import { MembershipCache } from "./MembershipCache";
import { RateLimiter } from "./RateLimiter";
import { TokenService } from "./TokenService";

let db: Database;
let access: EventDocAccess;
let tokens: TokenService;
let membership: MembershipCache;
let now = 1_000_000;

const event = (id: string, joinCode: string): EventRecord => ({
  id,
  title: id,
  purpose: "",
  format: "world-cafe",
  joinCode,
  joinOpen: true,
  controlDocName: `${id}.control`,
  createdAt: 1,
});
const person = (
  id: string,
  eventId: string,
  role: ParticipantRecord["role"],
): ParticipantRecord => ({
  id,
  eventId,
  name: id,
  role,
  joinedAt: 1,
  removedAt: null,
});
const tokenOf = async (p: ParticipantRecord) =>
  (await tokens.issue({ eventId: p.eventId, participantId: p.id, role: p.role })).token;

beforeEach(async () => {
  db = openDatabase(":memory:");
  const store = openEventStore(db);
  await store.createEvent(event("e1", "ABCDEF"), person("f", "e1", "facilitator"));
  await store.addParticipant(person("p", "e1", "participant"));
  await store.addParticipant(person("o", "e1", "observer"));
  await store.createEvent(event("e2", "GHJKMN"), person("f2", "e2", "facilitator"));
  await store.createBoard({
    id: "b1",
    eventId: "e1",
    kind: "table",
    title: "T",
    question: null,
    docName: "e1.b1",
    createdAt: 2,
  });
  tokens = new TokenService(new TextEncoder().encode("s".repeat(32)), {
    lifetimeMs: 60_000,
    now: () => now,
  });
  membership = new MembershipCache(store, { maxEntries: 100 });
  access = new EventDocAccess({ tokens, membership, logger: silentLogger });
});
afterEach(() => db.close());

describe("EventDocAccess", () => {
  it.each([
    ["f", "facilitator", "e1.control", false, true],
    ["f", "facilitator", "e1.b1", false, true],
    ["p", "participant", "e1.control", true, false],
    ["p", "participant", "e1.b1", false, false],
    ["o", "observer", "e1.control", true, false],
    ["o", "observer", "e1.b1", true, false],
  ] as const)(
    "%s (%s) on %s: readOnly %s, history %s",
    async (id, role, doc, readOnly, history) => {
      const decision = await access.decide(doc, await tokenOf(person(id, "e1", role)));
      expect(decision).toEqual({
        ok: true,
        context: { userId: id, name: id, role, readOnly },
        canReadHistory: history,
      });
    },
  );

  it("refuses missing, malformed and expired tokens with 4401", async () => {
    expect(await access.decide("e1.b1", null)).toEqual({
      ok: false,
      code: CloseCode.Unauthenticated,
    });
    expect(await access.decide("e1.b1", "x.y.z")).toEqual({
      ok: false,
      code: CloseCode.Unauthenticated,
    });
    const token = await tokenOf(person("p", "e1", "participant"));
    now += 60_000;
    expect(await access.decide("e1.b1", token)).toEqual({
      ok: false,
      code: CloseCode.Unauthenticated,
    });
  });

  it("refuses a token of a participant the store does not know with 4401", async () => {
    const token = await tokenOf(person("ghost", "e1", "facilitator"));
    expect(await access.decide("e1.b1", token)).toEqual({
      ok: false,
      code: CloseCode.Unauthenticated,
    });
  });

  it("refuses another event's docs and removed participants with 4403, unknown docs with 4404", async () => {
    const foreign = await tokenOf(person("f2", "e2", "facilitator"));
    expect(await access.decide("e1.b1", foreign)).toEqual({ ok: false, code: CloseCode.Forbidden });
    expect(await access.decide("e1.control", foreign)).toEqual({
      ok: false,
      code: CloseCode.Forbidden,
    });
    const p = await tokenOf(person("p", "e1", "participant"));
    expect(await access.decide("e1.nothing", p)).toEqual({
      ok: false,
      code: CloseCode.DocNotFound,
    });
    membership.remember({ ...person("p", "e1", "participant"), removedAt: 5 });
    expect(await access.decide("e1.b1", p)).toEqual({ ok: false, code: CloseCode.Forbidden });
  });

  it("takes the role from the store, not from the token", async () => {
    const elevated = (
      await tokens.issue({ eventId: "e1", participantId: "o", role: "facilitator" })
    ).token;
    const decision = await access.decide("e1.b1", elevated);
    expect(decision).toMatchObject({ ok: true, context: { role: "observer", readOnly: true } });
  });

  it("limits connections per participant, not per doc or per address, and refills over time", async () => {
    const limited = new EventDocAccess({
      tokens,
      membership,
      logger: silentLogger,
      connectLimiter: new RateLimiter({ burst: 3, perMinute: 60 }, { now: () => now }),
    });
    const p = await tokenOf(person("p", "e1", "participant"));
    const o = await tokenOf(person("o", "e1", "observer"));
    for (let i = 0; i < 3; i++) expect((await limited.decide("e1.b1", p)).ok).toBe(true);
    expect(await limited.decide("e1.control", p)).toEqual({
      ok: false,
      code: CloseCode.RateLimited,
    });
    // Another participant behind the same venue address is unaffected.
    expect((await limited.decide("e1.b1", o)).ok).toBe(true);
    now += 1_000; // one token a second at 60 a minute
    expect((await limited.decide("e1.b1", p)).ok).toBe(true);
    expect((await limited.decide("e1.b1", p)).ok).toBe(false);
  });
});

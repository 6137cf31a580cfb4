import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { queueAnnouncement } from "./announcementQueue";
import { checkInvariants } from "./checkInvariants";
import { moveSession } from "./editSession";
import { fileReport } from "./fileReport";
import { goTo } from "./lawOfTwoFeet";
import { mergeSessions } from "./mergeSessions";
import { isOpenSpaceError } from "./OpenSpaceError";
import type { Actor, OpenSpaceState } from "./openSpaceTypes";
import { postSession, removeSession } from "./postSession";
import { readOpenSpace } from "./readOpenSpace";
import { setGrid } from "./setGrid";
import { signUp, withdraw } from "./signUps";
import { facilitator, gridOf } from "./test/openSpaceFixtures";
import { writeOpenSpace } from "./writeOpenSpace";

/**
 * Model-based tests of the marketplace: random interleavings of posts, moves, merges, grid edits,
 * sign-ups, withdrawals, moves of people and removals, applied one after another as the server
 * applies them (it serialises every change of one event). After every step the invariants hold
 * (one session per cell above all), a refused step changes nothing, a merge keeps every sign-up
 * of both sessions, and the control doc written step by step reads back as the same state.
 */

const people: Actor[] = [
  facilitator,
  ...Array.from(
    { length: 6 },
    (_, i): Actor => ({ id: `p${i}`, name: `P${i}`, role: "participant" }),
  ),
];
const index = fc.nat({ max: 9 });
const person = fc.constantFrom(...people);

type Op =
  | { kind: "post"; who: Actor; space: number; slot: number; capacity: number | null }
  | { kind: "move"; who: Actor; session: number; space: number; slot: number }
  | { kind: "merge"; into: number; from: number }
  | { kind: "grid"; spaces: number[]; slots: number[]; addSpace: boolean; addSlot: boolean }
  | { kind: "signUp" | "withdraw" | "goTo" | "report" | "queue"; who: Actor; session: number }
  | { kind: "leave"; who: Actor }
  | { kind: "remove"; session: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("post" as const),
      who: person,
      space: index,
      slot: index,
      capacity: fc.option(fc.integer({ min: 1, max: 3 })),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("move" as const),
      who: person,
      session: index,
      space: index,
      slot: index,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("merge" as const), into: index, from: index }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("grid" as const),
      spaces: fc.array(index, { maxLength: 5 }),
      slots: fc.array(index, { maxLength: 4 }),
      addSpace: fc.boolean(),
      addSlot: fc.boolean(),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constantFrom(
        "signUp" as const,
        "withdraw" as const,
        "goTo" as const,
        "report" as const,
        "queue" as const,
      ),
      who: person,
      session: index,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("leave" as const), who: person }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("remove" as const), session: index }) },
);

const pick = <T>(list: readonly T[], i: number): T | undefined =>
  list.length === 0 ? undefined : list[i % list.length];

/** The sign-ups of a session, as a set of participant ids. */
function signedUpTo(state: OpenSpaceState, sessionId: string): Set<string> {
  const out = new Set<string>();
  for (const [who, list] of Object.entries(state.signUps))
    if (list.includes(sessionId)) out.add(who);
  return out;
}

function apply(state: OpenSpaceState, o: Op, step: number, newId: () => string): OpenSpaceState {
  const sessionIds = Object.keys(state.sessions).sort();
  const session = (i: number) => pick(sessionIds, i) ?? "missing";
  switch (o.kind) {
    case "post": {
      const space = pick(state.spaces, o.space)?.id ?? "missing";
      const slot = pick(state.slots, o.slot)?.id ?? "missing";
      return postSession(state, o.who, {
        id: `s${step}`,
        title: `Topic ${step}`,
        spaceId: space,
        slotId: slot,
        capacity: o.capacity,
        postedAt: step,
      });
    }
    case "move": {
      const space = pick(state.spaces, o.space)?.id ?? "missing";
      const slot = pick(state.slots, o.slot)?.id ?? "missing";
      return moveSession(state, o.who, session(o.session), { spaceId: space, slotId: slot });
    }
    case "merge":
      return mergeSessions(state, facilitator, session(o.into), session(o.from));
    case "grid": {
      // Keep a random sub-list of spaces and slots, in a random order, maybe adding one of each.
      const keep = <T extends { id: string }>(list: readonly T[], picks: number[]) => {
        const out: T[] = [];
        for (const i of picks) {
          const item = pick(list, i);
          if (item !== undefined && !out.includes(item)) out.push(item);
        }
        return out;
      };
      const spaces = keep(state.spaces, o.spaces).map((s) => ({ id: s.id, name: s.name }));
      const slots = keep(state.slots, o.slots).map((s) => ({ id: s.id, label: s.label }));
      if (o.addSpace) spaces.push({ name: `Space ${step}` } as { id: string; name: string });
      if (o.addSlot) slots.push({ label: `Slot ${step}` } as { id: string; label: string });
      return setGrid(state, facilitator, { spaces, slots }, newId);
    }
    case "signUp":
      return signUp(state, o.who, session(o.session));
    case "withdraw":
      return withdraw(state, o.who, session(o.session));
    case "goTo":
      return goTo(state, o.who, session(o.session));
    case "leave":
      return goTo(state, o.who, null);
    case "report":
      return fileReport(state, o.who, session(o.session), {
        summary: `Report ${step}`,
        filedAt: step,
      });
    case "queue":
      return queueAnnouncement(state, o.who, session(o.session));
    case "remove":
      return removeSession(state, session(o.session));
  }
}

describe("the marketplace under any interleaving", () => {
  it("never holds two sessions in one cell; refusals change nothing; merges keep every sign-up", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops) => {
        let n = 0;
        const newId = () => `g${++n}`;
        let state = gridOf(3, 2);
        const doc = new Y.Doc();
        writeOpenSpace(doc, readOpenSpace(doc).state, state);
        ops.forEach((o, step) => {
          const before = state;
          let after: OpenSpaceState;
          try {
            after = apply(before, o, step, newId);
          } catch (error) {
            if (!isOpenSpaceError(error)) throw error;
            after = before;
          }
          expect(checkInvariants(after)).toEqual([]);
          if (o.kind === "merge" && after !== before) {
            const ids = Object.keys(before.sessions).sort();
            const into = pick(ids, o.into) ?? "";
            const from = pick(ids, o.from) ?? "";
            const kept = signedUpTo(after, into);
            for (const who of [...signedUpTo(before, into), ...signedUpTo(before, from)]) {
              expect(kept.has(who)).toBe(true);
            }
            expect(after.sessions[from]).toBeUndefined();
          }
          const read = readOpenSpace(doc);
          writeOpenSpace(doc, read.state, after);
          state = after;
        });
        const back = readOpenSpace(doc);
        expect(back.problems).toEqual([]);
        expect(back.state).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });

  it("gives a cell to exactly one of any number of posts into it, in any order", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(people.slice(1), { minLength: 2 }), (posters) => {
        let state = gridOf(2, 2);
        let won = 0;
        let refused = 0;
        posters.forEach((who, i) => {
          try {
            state = postSession(state, who, {
              id: `s${i}`,
              title: "Same",
              spaceId: "sp1",
              slotId: "sl1",
              postedAt: i,
            });
            won++;
          } catch (error) {
            expect((error as { code?: string }).code).toBe("cell-taken");
            refused++;
          }
        });
        expect([won, refused]).toEqual([1, posters.length - 1]);
        expect(state.sessions.s0?.conveners[0]?.id).toBe(posters[0]?.id);
      }),
    );
  });
});

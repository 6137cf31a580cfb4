import { describe, expect, it } from "vitest";
import { leaveAnnouncementQueue, nextAnnouncement, queueAnnouncement } from "./announcementQueue";
import { nextFreeCells } from "./cells";
import { editSession, moveSession } from "./editSession";
import { fileReport } from "./fileReport";
import { goTo, moverKind, whoIsWhere } from "./lawOfTwoFeet";
import { mergeSessions } from "./mergeSessions";
import { OpenSpaceErrorCode } from "./OpenSpaceError";
import { OPEN_SPACE_LIMITS } from "./openSpaceLimits";
import { attachBoard, postSession, removeSession } from "./postSession";
import { setGrid } from "./setGrid";
import { isFull, scheduleOf, signUp, signUpCount, withdraw } from "./signUps";
import { ann, bob, cat, counterIds, facilitator, gridOf, watcher } from "./test/openSpaceFixtures";

const at = { spaceId: "sp1", slotId: "sl1" };
const post = (state = gridOf(3, 2), actor = ann, id = "s1", cell = at) =>
  postSession(state, actor, { id, title: `Topic ${id}`, ...cell, postedAt: 1 });

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return "no error";
};

describe("the grid", () => {
  it("keeps ids, adds new ones, reorders and renames", () => {
    const state = gridOf(2, 1);
    const next = setGrid(
      state,
      facilitator,
      {
        spaces: [{ id: "sp2", name: "Garden" }, { name: "Hall" }, { id: "sp1", name: "Kitchen" }],
        slots: [{ id: "sl1", label: "10:00" }],
      },
      counterIds("new"),
    );
    expect(next.spaces).toEqual([
      { id: "sp2", name: "Garden" },
      { id: "new1", name: "Hall" },
      { id: "sp1", name: "Kitchen" },
    ]);
  });

  it("refuses to remove a space or slot that holds a session, and unknown or repeated ids", () => {
    const state = post();
    expect(
      code(() =>
        setGrid(
          state,
          facilitator,
          { spaces: [{ id: "sp2", name: "x" }], slots: state.slots },
          counterIds(),
        ),
      ),
    ).toBe(OpenSpaceErrorCode.CellOccupied);
    expect(
      code(() => setGrid(state, facilitator, { spaces: state.spaces, slots: [] }, counterIds())),
    ).toBe(OpenSpaceErrorCode.CellOccupied);
    expect(
      code(() =>
        setGrid(
          state,
          facilitator,
          { spaces: [{ id: "nope", name: "x" }], slots: [] },
          counterIds(),
        ),
      ),
    ).toBe(OpenSpaceErrorCode.InvalidGrid);
    expect(
      code(() =>
        setGrid(
          state,
          facilitator,
          {
            spaces: [
              { id: "sp1", name: "a" },
              { id: "sp1", name: "b" },
            ],
            slots: state.slots,
          },
          counterIds(),
        ),
      ),
    ).toBe(OpenSpaceErrorCode.InvalidGrid);
    expect(code(() => setGrid(state, ann, { spaces: [], slots: [] }, counterIds()))).toBe(
      OpenSpaceErrorCode.NotAllowed,
    );
  });

  it("removes an empty space", () => {
    const state = post();
    const next = setGrid(
      state,
      facilitator,
      { spaces: state.spaces.slice(0, 1), slots: state.slots },
      counterIds(),
    );
    expect(next.spaces.map((s) => s.id)).toEqual(["sp1"]);
  });
});

describe("posting", () => {
  it("makes the poster the convener; a second post into the cell is refused", () => {
    const state = post();
    expect(state.sessions.s1?.conveners).toEqual([{ id: "p1", name: "Ann" }]);
    expect(code(() => post(state, bob, "s2"))).toBe(OpenSpaceErrorCode.CellTaken);
    expect(code(() => post(gridOf(1, 1), watcher))).toBe(OpenSpaceErrorCode.NotAllowed);
    expect(code(() => post(gridOf(1, 1), ann, "s1", { spaceId: "x", slotId: "sl1" }))).toBe(
      OpenSpaceErrorCode.UnknownSpace,
    );
    expect(
      code(() => postSession(gridOf(1, 1), ann, { id: "s", title: "  ", ...at, postedAt: 0 })),
    ).toBe(OpenSpaceErrorCode.InvalidValue);
  });

  it("offers the nearest free cells: the same slot first", () => {
    let state = gridOf(3, 2);
    state = post(state, ann, "a", { spaceId: "sp2", slotId: "sl1" });
    state = post(state, bob, "b", { spaceId: "sp3", slotId: "sl1" });
    expect(nextFreeCells(state, { spaceId: "sp2", slotId: "sl1" }, 3)).toEqual([
      { spaceId: "sp1", slotId: "sl1" },
      { spaceId: "sp1", slotId: "sl2" },
      { spaceId: "sp2", slotId: "sl2" },
    ]);
  });

  it("limits how many sessions one person convenes", () => {
    let state = gridOf(OPEN_SPACE_LIMITS.maxSessionsPerConvener + 1, 1);
    for (let i = 1; i <= OPEN_SPACE_LIMITS.maxSessionsPerConvener; i++) {
      state = post(state, ann, `s${i}`, { spaceId: `sp${i}`, slotId: "sl1" });
    }
    expect(
      code(() =>
        post(state, ann, "extra", {
          spaceId: `sp${OPEN_SPACE_LIMITS.maxSessionsPerConvener + 1}`,
          slotId: "sl1",
        }),
      ),
    ).toBe(OpenSpaceErrorCode.TooManySessions);
  });

  it("posts with its board when the caller made it first; a refused post changes nothing", () => {
    const board = { boardId: "b1", docName: "d1" };
    const state = postSession(gridOf(2, 1), ann, {
      id: "s1",
      title: "T",
      ...at,
      postedAt: 1,
      board,
    });
    expect(state.sessions.s1).toMatchObject({ boardId: "b1", docName: "d1", ...at });
    expect(post(gridOf(2, 1)).sessions.s1).toMatchObject({ boardId: null, docName: null });
    const other = { boardId: "b2", docName: "d2" };
    expect(
      code(() =>
        postSession(state, bob, { id: "s2", title: "U", ...at, postedAt: 2, board: other }),
      ),
    ).toBe(OpenSpaceErrorCode.CellTaken);
    expect(Object.keys(state.sessions)).toEqual(["s1"]);
  });

  it("attaches a board and removes a session with everything that named it", () => {
    let state = attachBoard(post(), "s1", { boardId: "b1", docName: "d1" });
    expect(state.sessions.s1?.docName).toBe("d1");
    state = goTo(signUp(state, bob, "s1"), bob, "s1");
    state = removeSession(state, "s1");
    expect(state.sessions).toEqual({});
    expect(state.signUps.p2).toEqual([]);
    expect(state.whereabouts.p2?.sessionId).toBeNull();
  });
});

describe("editing and moving", () => {
  it("lets the convener and facilitators edit and move, nobody else", () => {
    const state = post();
    expect(editSession(state, ann, "s1", { title: "Better" }).sessions.s1?.title).toBe("Better");
    expect(code(() => editSession(state, bob, "s1", { title: "Mine" }))).toBe(
      OpenSpaceErrorCode.NotAllowed,
    );
    const moved = moveSession(state, facilitator, "s1", { spaceId: "sp2", slotId: "sl2" });
    expect(moved.sessions.s1).toMatchObject({ spaceId: "sp2", slotId: "sl2" });
    const two = post(moved, bob, "s2", at);
    expect(code(() => moveSession(two, ann, "s1", at))).toBe(OpenSpaceErrorCode.CellTaken);
    // Its own cell counts as free: moving a session where it is changes nothing.
    expect(
      moveSession(two, ann, "s1", { spaceId: "sp2", slotId: "sl2" }).sessions.s1,
    ).toMatchObject({ spaceId: "sp2" });
  });
});

describe("merging", () => {
  it("keeps both conveners, every sign-up, the people there and a report; frees the cell", () => {
    let state = post();
    state = post(state, bob, "s2", { spaceId: "sp2", slotId: "sl1" });
    state = signUp(signUp(state, cat, "s2"), ann, "s2");
    state = goTo(state, cat, "s2");
    state = fileReport(state, bob, "s2", { summary: "We met", filedAt: 5 });
    state = queueAnnouncement(state, bob, "s2");
    const merged = mergeSessions(state, facilitator, "s1", "s2");
    expect(merged.sessions.s2).toBeUndefined();
    expect(merged.sessions.s1?.conveners.map((c) => c.id)).toEqual(["p1", "p2"]);
    expect(merged.signUps.p3).toEqual(["s1"]);
    expect(merged.signUps.p1).toEqual(["s1"]);
    expect(merged.whereabouts.p3?.sessionId).toBe("s1");
    expect(merged.reports.s1?.summary).toBe("We met");
    expect(merged.queue.waiting).toEqual(["s1"]);
    expect(merged.sessions.s1?.merged.map((m) => m.id)).toEqual(["s2"]);
    expect(code(() => mergeSessions(state, ann, "s1", "s2"))).toBe(OpenSpaceErrorCode.NotAllowed);
    expect(code(() => mergeSessions(state, facilitator, "s1", "s1"))).toBe(
      OpenSpaceErrorCode.SelfMerge,
    );
  });
});

describe("sign-ups and capacity", () => {
  it("closes a session when full, and builds each schedule in wall order", () => {
    let state = postSession(gridOf(2, 2), ann, {
      id: "s1",
      title: "Small",
      ...at,
      capacity: 2,
      postedAt: 1,
    });
    state = post(state, bob, "s0", { spaceId: "sp2", slotId: "sl2" });
    state = signUp(state, ann, "s0");
    state = signUp(signUp(state, ann, "s1"), bob, "s1");
    expect(isFull(state, "s1")).toBe(true);
    expect(code(() => signUp(state, cat, "s1"))).toBe(OpenSpaceErrorCode.SessionFull);
    expect(signUp(state, ann, "s1")).toBe(state);
    expect(scheduleOf(state, "p1")).toEqual(["s1", "s0"]);
    state = withdraw(state, bob, "s1");
    expect(signUpCount(state, "s1")).toBe(1);
    expect(code(() => signUp(state, watcher, "s1"))).toBe(OpenSpaceErrorCode.NotAllowed);
  });
});

describe("the law of two feet", () => {
  it("lets anyone go anywhere, and tells bumblebees and butterflies", () => {
    let state = gridOf(3, 1);
    for (const [i, id] of ["a", "b", "c"].entries()) {
      state = post(state, ann, id, { spaceId: `sp${i + 1}`, slotId: "sl1" });
    }
    state = goTo(goTo(goTo(state, bob, "a"), bob, "b"), bob, "c");
    state = goTo(goTo(state, cat, "a"), cat, null);
    expect(moverKind(state, "p2")).toBe("bumblebee");
    expect(moverKind(state, "p3")).toBe("butterfly");
    state = goTo(state, ann, "a");
    expect(moverKind(state, "p1")).toBe("settled");
    expect(whoIsWhere(state)).toEqual({ bySession: { c: ["p2"], a: ["p1"] }, butterflies: ["p3"] });
    expect(code(() => goTo(state, ann, "nope"))).toBe(OpenSpaceErrorCode.UnknownSession);
  });

  it("keeps the mover's name (from the actor) beside where they are, so pages need no lookup", () => {
    let state = post();
    state = goTo(state, bob, "s1");
    expect(state.whereabouts.p2).toEqual({ name: bob.name, sessionId: "s1", visited: ["s1"] });
    const renamed = { ...bob, name: "Robert" };
    state = goTo(state, renamed, "s1");
    expect(state.whereabouts.p2?.name).toBe("Robert");
    expect(goTo(state, renamed, "s1")).toBe(state);
  });
});

describe("reports", () => {
  it("are filed by conveners, note takers and facilitators only", () => {
    let state = post();
    expect(code(() => fileReport(state, bob, "s1", { summary: "x", filedAt: 1 }))).toBe(
      OpenSpaceErrorCode.NotAllowed,
    );
    state = goTo(state, bob, "s1");
    state = fileReport(state, bob, "s1", { summary: "Notes", keyPoints: "one", filedAt: 2 });
    expect(state.reports.s1).toMatchObject({
      summary: "Notes",
      keyPoints: "one",
      authorName: "Bob",
    });
    expect(code(() => fileReport(state, ann, "s1", { summary: "", filedAt: 3 }))).toBe(
      OpenSpaceErrorCode.InvalidValue,
    );
  });
});

describe("the announcement queue", () => {
  it("gives the word in turn", () => {
    let state = post();
    state = post(state, bob, "s2", { spaceId: "sp2", slotId: "sl1" });
    state = queueAnnouncement(queueAnnouncement(state, ann, "s1"), bob, "s2");
    expect(code(() => queueAnnouncement(state, cat, "s1"))).toBe(OpenSpaceErrorCode.NotAllowed);
    state = nextAnnouncement(state, facilitator);
    expect(state.queue).toEqual({ speaking: "s1", waiting: ["s2"] });
    state = leaveAnnouncementQueue(state, bob, "s2");
    expect(nextAnnouncement(state, facilitator).queue).toEqual({ speaking: null, waiting: [] });
  });
});

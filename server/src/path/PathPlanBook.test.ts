import {
  goToStep,
  NOT_STARTED,
  type PathPlanState,
  setPhase,
  writePathPlan,
} from "@tablecloth/path";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { PathPlanBook } from "./PathPlanBook";

const plan = (over: Partial<PathPlanState> = {}): PathPlanState => ({
  boardId: "b1",
  focus: "Sam",
  heldOn: "2026-12-02",
  graphicFacilitatorId: null,
  progress: NOT_STARTED,
  people: [],
  actions: [],
  ...over,
});
const pat = { id: "pat", role: "participant" } as const;
const adding = setPhase(goToStep(NOT_STARTED, "north-star", 1), "add");

describe("PathPlanBook", () => {
  it("follows a loaded control doc's plans at each change, and keeps the last after it unloads", () => {
    const book = new PathPlanBook();
    const doc = new Y.Doc();
    writePathPlan(doc, plan());
    book.onLoad("ev1.control", doc);
    expect(book.mayWrite("ev1.control", "b1", pat)).toBe(false);
    writePathPlan(doc, plan({ progress: adding }));
    expect(book.mayWrite("ev1.control", "b1", pat)).toBe(true);
    writePathPlan(doc, plan({ progress: setPhase(adding, "watch"), graphicFacilitatorId: "pat" }));
    // Watching, but Pat was named the graphic facilitator.
    expect(book.mayWrite("ev1.control", "b1", pat)).toBe(true);
    expect(book.mayWrite("ev1.control", "b1", { id: "quinn", role: "participant" })).toBe(false);
    doc.destroy();
    expect(book.plan("ev1.control", "b1")?.graphicFacilitatorId).toBe("pat");

    // The next load is read afresh.
    const reloaded = new Y.Doc();
    writePathPlan(reloaded, plan({ progress: adding }));
    book.onLoad("ev1.control", reloaded);
    expect(book.mayWrite("ev1.control", "b1", { id: "quinn", role: "participant" })).toBe(true);
  });

  it("refuses boards it never saw, and ignores docs that are not control docs", () => {
    const book = new PathPlanBook();
    const board = new Y.Doc();
    writePathPlan(board, plan({ progress: adding }));
    book.onLoad("ev1.b1", board);
    expect(book.plan("ev1.b1", "b1")).toBeNull();
    expect(book.mayWrite("ev1.control", "b1", pat)).toBe(false);
    expect(book.mayWrite("ev1.control", "b1", { id: "fran", role: "facilitator" })).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { goToStep, NOT_STARTED, setPhase } from "./PathProgress";
import {
  PATH_CONTROL_KEY,
  type PathPlanState,
  readPathPlan,
  readPathPlans,
  writePathPlan,
} from "./pathControlDoc";

const plan: PathPlanState = {
  boardId: "b1",
  focus: "Sam",
  heldOn: "2026-12-02",
  graphicFacilitatorId: "p9",
  progress: setPhase(goToStep(NOT_STARTED, "north-star", 5), "add"),
  people: [{ id: "e1", name: "Rose", brings: "a car", whoWillAsk: "Sam" }],
  actions: [{ id: "a1", step: "first-step", what: "Call", owner: "Sam", due: "2026-12-03" }],
};

describe("the PATH part of the control doc", () => {
  it("reads back what was written, and rewrites only changed fields", () => {
    const doc = new Y.Doc();
    writePathPlan(doc, plan);
    expect(readPathPlan(doc, "b1")).toEqual(plan);
    let updates = 0;
    doc.on("update", () => updates++);
    writePathPlan(doc, plan);
    expect(updates).toBe(0);
    writePathPlan(doc, { ...plan, graphicFacilitatorId: null });
    expect(updates).toBe(1);
    expect(readPathPlan(doc, "b1")?.graphicFacilitatorId).toBeNull();
    expect(readPathPlans(doc)).toHaveLength(1);
    expect(readPathPlan(doc, "nope")).toBeNull();
  });

  it("reads junk a facilitator's client wrote as an unstarted, empty plan", () => {
    const doc = new Y.Doc();
    const map = new Y.Map<unknown>();
    doc.getMap(PATH_CONTROL_KEY).set("b2", map);
    map.set("progress", {
      current: "sideways",
      timeline: [{ step: "goal" }, 3],
      spentMs: { goal: "x" },
    });
    map.set("people", [null, { id: "e", name: 4 }]);
    map.set("actions", [{ id: "a", step: "goal" }]);
    const read = readPathPlan(doc, "b2");
    expect(read?.progress.current).toBeNull();
    expect(read?.progress.timeline).toEqual([]);
    expect(read?.progress.spentMs).toEqual({});
    expect(read?.people).toEqual([{ id: "e", name: "", brings: "", whoWillAsk: "" }]);
    expect(read?.actions).toEqual([]);
  });
});

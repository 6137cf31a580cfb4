import { describe, expect, it } from "vitest";
import { PathError } from "./PathError";
import { goToStep, NOT_STARTED, reachableSteps, setPhase, stepAt, timeSpent } from "./PathProgress";
import { nextPathStep, PATH_STEP_IDS, PATH_STEPS } from "./pathSteps";

describe("the eight steps", () => {
  it("run from the North Star to the first step, numbered 1–8", () => {
    expect(PATH_STEP_IDS).toEqual([
      "north-star",
      "goal",
      "now",
      "enrol",
      "strength",
      "three-months",
      "next-month",
      "first-step",
    ]);
    expect(PATH_STEPS.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(nextPathStep("strength")).toBe("three-months");
    expect(nextPathStep("first-step")).toBeNull();
    expect(PATH_STEPS.reduce((sum, s) => sum + s.suggestedMinutes, 0)).toBeGreaterThanOrEqual(120);
    expect(PATH_STEPS.reduce((sum, s) => sum + s.suggestedMinutes, 0)).toBeLessThanOrEqual(180);
  });
});

describe("goToStep", () => {
  it("starts at the North Star and goes forward one step at a time", () => {
    let p = NOT_STARTED;
    expect(reachableSteps(p)).toEqual(["north-star"]);
    expect(() => goToStep(p, "goal", 0)).toThrow(PathError);
    for (const [i, step] of PATH_STEP_IDS.entries()) {
      p = goToStep(p, step, i * 1000);
      expect(p.current).toBe(step);
      expect(p.furthest).toBe(step);
    }
    expect(reachableSteps(p)).toEqual([...PATH_STEP_IDS]);
    expect(p.timeline.map((c) => c.step)).toEqual([...PATH_STEP_IDS]);
  });

  it("refuses to skip a step, with the next step in the message", () => {
    const p = goToStep(goToStep(NOT_STARTED, "north-star", 0), "goal", 10);
    try {
      goToStep(p, "enrol", 20);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PathError);
      expect((err as PathError).code).toBe("out_of_order");
      expect((err as PathError).message).toContain("now");
    }
  });

  it("revisits an earlier step without losing how far the group got", () => {
    let p = NOT_STARTED;
    for (const step of ["north-star", "goal", "now", "enrol"] as const) p = goToStep(p, step, 0);
    p = goToStep(p, "goal", 100);
    expect(p.current).toBe("goal");
    expect(p.furthest).toBe("enrol");
    // From the revisit, the next new step is still the one after the furthest.
    expect(() => goToStep(p, "three-months", 200)).toThrow(PathError);
    p = goToStep(p, "strength", 200);
    expect(p.furthest).toBe("strength");
  });

  it("adds up time per step across revisits, the running stretch included", () => {
    let p = goToStep(NOT_STARTED, "north-star", 1_000);
    p = goToStep(p, "goal", 61_000); // 60 s on the North Star
    p = goToStep(p, "north-star", 91_000); // 30 s on the goal
    const spent = timeSpent(p, 101_000); // 10 s more on the North Star, still running
    expect(spent["north-star"]).toBe(70_000);
    expect(spent.goal).toBe(30_000);
    expect(spent.now).toBe(0);
  });

  it("going to the current step changes nothing", () => {
    const p = goToStep(NOT_STARTED, "north-star", 0);
    expect(goToStep(p, "north-star", 500)).toBe(p);
  });

  it("keeps the phase, which only setPhase changes", () => {
    let p = setPhase(goToStep(NOT_STARTED, "north-star", 0), "add");
    p = goToStep(p, "goal", 10);
    expect(p.phase).toBe("add");
    expect(setPhase(p, "watch").phase).toBe("watch");
  });
});

describe("stepAt", () => {
  it("names the step current at a moment, for replay by step", () => {
    let p = goToStep(NOT_STARTED, "north-star", 100);
    p = goToStep(p, "goal", 200);
    p = goToStep(p, "north-star", 300);
    expect(stepAt(p, 50)).toBeNull();
    expect(stepAt(p, 150)).toBe("north-star");
    expect(stepAt(p, 200)).toBe("goal");
    expect(stepAt(p, 999)).toBe("north-star");
  });
});

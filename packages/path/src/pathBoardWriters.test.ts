import { describe, expect, it } from "vitest";
import { goToStep, NOT_STARTED, setPhase } from "./PathProgress";
import { mayWritePathBoard, pathBoardRole } from "./pathBoardWriters";
import type { PathPlanState } from "./pathControlDoc";

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
const started = goToStep(NOT_STARTED, "north-star", 1_000);
const adding = setPhase(started, "add");

describe("pathBoardRole", () => {
  it("names facilitators process, the chosen one graphic, observers observers", () => {
    const gina = { id: "gina", role: "participant" } as const;
    expect(pathBoardRole({ id: "fran", role: "facilitator" }, null)).toBe("process");
    expect(
      pathBoardRole({ id: "scr", role: "observer" }, plan({ graphicFacilitatorId: "scr" })),
    ).toBe("observer");
    expect(pathBoardRole(gina, plan({ graphicFacilitatorId: "gina" }))).toBe("graphic");
    expect(pathBoardRole(gina, plan({ graphicFacilitatorId: "pat" }))).toBe("participant");
    expect(pathBoardRole(gina, plan())).toBe("participant");
    expect(pathBoardRole(gina, null)).toBe("participant");
  });
});

describe("mayWritePathBoard", () => {
  it("lets participants write only after the start and while notes are open", () => {
    expect(mayWritePathBoard("participant", null)).toBe(false);
    expect(mayWritePathBoard("participant", plan())).toBe(false);
    expect(mayWritePathBoard("participant", plan({ progress: started }))).toBe(false);
    // Notes opened before the first step: still nothing to add to.
    expect(mayWritePathBoard("participant", plan({ progress: setPhase(NOT_STARTED, "add") }))).toBe(
      false,
    );
    expect(mayWritePathBoard("participant", plan({ progress: adding }))).toBe(true);
    expect(mayWritePathBoard("participant", plan({ progress: setPhase(adding, "watch") }))).toBe(
      false,
    );
    // The phase carries over a step change and a revisit.
    const later = goToStep(goToStep(adding, "goal", 2_000), "north-star", 3_000);
    expect(mayWritePathBoard("participant", plan({ progress: later }))).toBe(true);
  });

  it("lets the process and graphic facilitators write in every phase, observers never", () => {
    for (const progress of [NOT_STARTED, started, adding]) {
      expect(mayWritePathBoard("process", plan({ progress }))).toBe(true);
      expect(mayWritePathBoard("graphic", plan({ progress }))).toBe(true);
      expect(mayWritePathBoard("observer", plan({ progress }))).toBe(false);
    }
    expect(mayWritePathBoard("process", null)).toBe(true);
  });
});

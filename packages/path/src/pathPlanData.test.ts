import { describe, expect, it } from "vitest";
import { PathError } from "./PathError";
import {
  addAction,
  addEnrolPerson,
  PATH_DATA_LIMITS,
  type PathPlanData,
  removeItem,
  validateAction,
  validateEnrolPerson,
  validateFocus,
} from "./pathPlanData";

const heldOn = "2026-12-02";
const empty: PathPlanData = { focus: "Sam", heldOn, people: [], actions: [] };

function code(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(PathError);
    return (err as PathError).code;
  }
}

describe("people to enrol (step 4)", () => {
  it("need a name, what they bring and who will ask, trimmed", () => {
    expect(
      validateEnrolPerson("p1", { name: "  Aunt  Rose ", brings: "a car", whoWillAsk: "Sam" }),
    ).toEqual({ id: "p1", name: "Aunt Rose", brings: "a car", whoWillAsk: "Sam" });
    expect(code(() => validateEnrolPerson("p1", { name: "Rose", brings: "a car" }))).toBe(
      "invalid_data",
    );
    expect(code(() => validateEnrolPerson("p1", { name: " ", brings: "x", whoWillAsk: "y" }))).toBe(
      "invalid_data",
    );
    expect(code(() => validateEnrolPerson("p1", null))).toBe("invalid_data");
    expect(code(() => validateEnrolPerson("p1", { name: 7, brings: "x", whoWillAsk: "y" }))).toBe(
      "invalid_data",
    );
    const long = "x".repeat(PATH_DATA_LIMITS.maxTextLength + 1);
    expect(
      code(() => validateEnrolPerson("p1", { name: long, brings: "x", whoWillAsk: "y" })),
    ).toBe("invalid_data");
  });

  it("are bounded per plan", () => {
    let data = empty;
    for (let i = 0; i < PATH_DATA_LIMITS.maxPeople; i++) {
      data = addEnrolPerson(data, { id: `p${i}`, name: "n", brings: "b", whoWillAsk: "w" });
    }
    expect(
      code(() => addEnrolPerson(data, { id: "x", name: "n", brings: "b", whoWillAsk: "w" })),
    ).toBe("invalid_data");
  });
});

describe("actions (steps 6–8)", () => {
  it("have a step, what, an owner and a due date within the step's horizon", () => {
    expect(
      validateAction(
        "a1",
        { step: "next-month", what: "Call the college", owner: "Sam", due: "2026-12-20" },
        heldOn,
      ),
    ).toEqual({
      id: "a1",
      step: "next-month",
      what: "Call the college",
      owner: "Sam",
      due: "2026-12-20",
    });
    const base = { what: "x", owner: "y" };
    expect(
      validateAction("a", { ...base, step: "three-months", due: "2027-03-01" }, heldOn).step,
    ).toBe("three-months");
    expect(validateAction("a", { ...base, step: "first-step", due: heldOn }, heldOn).due).toBe(
      heldOn,
    );
    // Outside the horizon of each step.
    expect(
      code(() => validateAction("a", { ...base, step: "first-step", due: "2026-12-20" }, heldOn)),
    ).toBe("invalid_data");
    expect(
      code(() => validateAction("a", { ...base, step: "next-month", due: "2027-02-01" }, heldOn)),
    ).toBe("invalid_data");
    expect(
      code(() => validateAction("a", { ...base, step: "three-months", due: "2027-06-01" }, heldOn)),
    ).toBe("invalid_data");
    // Before the PATH, not a date, not a real date, no owner, not an action step.
    expect(
      code(() => validateAction("a", { ...base, step: "next-month", due: "2026-11-30" }, heldOn)),
    ).toBe("invalid_data");
    expect(
      code(() => validateAction("a", { ...base, step: "next-month", due: "soon" }, heldOn)),
    ).toBe("invalid_data");
    expect(
      code(() => validateAction("a", { ...base, step: "next-month", due: "2026-12-32" }, heldOn)),
    ).toBe("invalid_data");
    expect(
      code(() => validateAction("a", { what: "x", step: "next-month", due: heldOn }, heldOn)),
    ).toBe("invalid_data");
    expect(code(() => validateAction("a", { ...base, step: "goal", due: heldOn }, heldOn))).toBe(
      "invalid_data",
    );
  });

  it("are added, bounded and removed by id", () => {
    const action = validateAction(
      "a1",
      { step: "first-step", what: "w", owner: "o", due: heldOn },
      heldOn,
    );
    const data = addAction(empty, action);
    expect(data.actions).toEqual([action]);
    expect(removeItem(data, "a1").actions).toEqual([]);
    expect(code(() => removeItem(data, "nope"))).toBe("not_found");
  });
});

describe("validateFocus", () => {
  it("names a person or group", () => {
    expect(validateFocus(" The Greens ")).toBe("The Greens");
    expect(code(() => validateFocus(""))).toBe("invalid_data");
  });
});

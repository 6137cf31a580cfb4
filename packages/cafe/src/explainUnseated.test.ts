import { describe, expect, it } from "vitest";
import { explainUnseated } from "./explainUnseated";

describe("explainUnseated", () => {
  it("says nothing when everyone has a seat", () => {
    expect(explainUnseated([{ capacity: 4 }], 4, 0)).toBeNull();
  });

  it("names the seats there are and the people there are, and what would help", () => {
    expect(explainUnseated([{ capacity: 4 }, { capacity: 4 }], 10, 2)).toEqual({
      reason: "The 2 tables seat 8 people and 10 are here.",
      remedy: "Add a table, or raise a table's capacity, then plan again.",
    });
    expect(explainUnseated([{ capacity: 1 }], 3, 2)?.reason).toBe(
      "The table seats 1 person and 3 are here.",
    );
  });

  it("asks for tables when there are none", () => {
    expect(explainUnseated([], 3, 3)).toEqual({
      reason: "There are no tables yet and 3 people are here.",
      remedy: "Add tables, then plan again.",
    });
  });
});

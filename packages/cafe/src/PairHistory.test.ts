import { describe, expect, it } from "vitest";
import { PairHistory } from "./PairHistory";

describe("PairHistory", () => {
  it("counts meetings per pair, both ways, and only real pairs", () => {
    const history = PairHistory.fromSeatings([
      { a: "t1", b: "t1", c: "t2", d: null },
      { a: "t1", b: "t1", c: "t1" },
    ]);
    expect(history.count("a", "b")).toBe(2);
    expect(history.count("b", "a")).toBe(2);
    expect(history.count("a", "c")).toBe(1);
    expect(history.count("c", "d")).toBe(0);
    expect(history.count("a", "a")).toBe(0);
    expect(history.pairCount).toBe(3);
    expect([...history.partnersOf("c")]).toEqual([
      ["a", 1],
      ["b", 1],
    ]);
    expect(history.partnersOf("nobody").size).toBe(0);
  });

  it("withSeating adds one round as a view, without changing the history", () => {
    const history = PairHistory.fromSeatings([{ a: "t1", b: "t1" }]);
    const view = history.withSeating({ a: "t9", b: "t9", c: "t9", d: "t8", e: null });
    expect(view.count("a", "b")).toBe(2);
    expect(view.count("a", "c")).toBe(1);
    expect(view.count("a", "d")).toBe(0);
    expect(view.count("e", "e")).toBe(0);
    const partners = new Map<string, number>();
    view.forEachPartner("a", (id, times) => partners.set(id, times));
    expect(partners).toEqual(
      new Map([
        ["b", 2],
        ["c", 1],
      ]),
    );
    expect(history.count("a", "c")).toBe(0);
    expect(history.pairCount).toBe(1);
  });
});

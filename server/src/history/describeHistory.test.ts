import { describe, expect, it } from "vitest";
import { describeHistory, roundOf } from "./describeHistory";

const rounds = [
  { round: 1, startedAt: 100, endedAt: 200 },
  { round: 2, startedAt: 250, endedAt: null },
];
const log = [
  { seq: 1, at: 50, author: "p-ann" },
  { seq: 2, at: 150, author: "p-bob" },
  { seq: 3, at: 220, author: "system" },
  { seq: 4, at: 300, author: "p-ann" },
  { seq: 5, at: 301, author: "p-gone" },
];
const names = new Map([
  ["p-ann", "Ann Example"],
  ["p-bob", "Bob Example"],
]);

describe("describeHistory", () => {
  it("names each author and puts each change in its round", () => {
    const { authors, entries } = describeHistory(log, rounds, names, false);
    expect(entries.map((e) => e.round)).toEqual([0, 1, 0, 2, 2]);
    expect(entries.map((e) => e.authorName)).toEqual([
      "Ann Example",
      "Bob Example",
      "Tablecloth",
      "Ann Example",
      null,
    ]);
    expect(authors).toEqual([
      { id: "p-ann", name: "Ann Example" },
      { id: "p-bob", name: "Bob Example" },
      { id: "system", name: "Tablecloth" },
      { id: "p-gone", name: null },
    ]);
  });

  it("anonymous mode names nobody and lists no authors", () => {
    const described = describeHistory(log, rounds, names, true);
    expect(described.authors).toEqual([]);
    const text = JSON.stringify(described);
    for (const leak of ["Ann", "Bob", "p-ann", "p-bob", "p-gone"]) expect(text).not.toContain(leak);
    expect(described.entries.every((e) => e.author === "anonymous")).toBe(true);
    expect(described.entries.map((e) => e.round)).toEqual([0, 1, 0, 2, 2]);
  });

  it("a round's end belongs to the gap after it", () => {
    expect(roundOf(rounds, 199)).toBe(1);
    expect(roundOf(rounds, 200)).toBe(0);
    expect(roundOf(rounds, 10_000)).toBe(2);
  });
});

import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readCafe } from "./readCafe";
import { setUpCafe, tablesToMake } from "./setUpCafe";

describe("setting up a café", () => {
  it("makes N tables for M people: ⌈M/N⌉ seats each, the questions in turn, never twice", () => {
    expect(tablesToMake(0, { count: 3, people: 14 }, ["Q1", "Q2"])).toEqual([
      { title: "Table 1", question: "Q1", capacity: 5 },
      { title: "Table 2", question: "Q2", capacity: 5 },
      { title: "Table 3", question: "Q1", capacity: 5 },
    ]);
    expect(tablesToMake(1, { count: 2, people: 4 }, [])).toEqual([
      { title: "Table 2", question: null, capacity: 2 },
    ]);
    expect(tablesToMake(3, { count: 3, people: 14 }, ["Q1"])).toEqual([]);
  });

  it("writes the settings", () => {
    const doc = new Y.Doc();
    setUpCafe(doc, { questions: ["Why?"], roundCount: 2, roundLengthMs: 90_000 });
    expect(readCafe(doc).settings).toMatchObject({
      questions: ["Why?"],
      roundCount: 2,
      roundLengthMs: 90_000,
    });
  });
});

import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { applySeating } from "./applySeating";
import {
  CAFE_ROUND_QUESTIONS_MAP,
  type RoundQuestions,
  readRoundQuestions,
  recordRoundQuestions,
} from "./pastRounds";
import { planCafeRotation } from "./planCafeRotation";
import { readCafe } from "./readCafe";
import {
  questionRound,
  questionsByRound,
  questionsOfRound,
  roundQuestion,
  tableQuestion,
} from "./roundQuestions";
import { startNextRound } from "./runRound";
import { setUpCafe } from "./setUpCafe";
import { addCafeTable, updateCafeTable } from "./tableHosts";
import { seededCafeDoc } from "./test/cafeDocFixtures";
import { writeSettings } from "./writeCafe";

function table(id: string, question: string | null = null) {
  return { id, name: id, question, hostId: null, boardId: id, docName: `e.${id}`, capacity: null };
}

describe("questions by round", () => {
  it("round n asks the n-th question; past the last one, the last one goes on", () => {
    const settings = { questions: ["Q1", "Q2"] };
    expect(roundQuestion(settings, 1)).toBe("Q1");
    expect(roundQuestion(settings, 2)).toBe("Q2");
    expect(roundQuestion(settings, 3)).toBe("Q2");
    expect(roundQuestion({ questions: ["Only"] }, 3)).toBe("Only");
    expect(roundQuestion({ questions: [] }, 1)).toBeNull();
    // Nonsense round numbers read as round 1, never past the list.
    expect(roundQuestion(settings, 0)).toBe("Q1");
    expect(roundQuestion(settings, -4)).toBe("Q1");
  });

  it("before the café starts it shows round 1's question; an ended round keeps its own", () => {
    expect(questionRound({ phase: "not-started" })).toBe(1);
    expect(questionRound({ phase: "running", round: 2, startedAt: 0, durationMs: 1 })).toBe(2);
    expect(questionRound({ phase: "ended", round: 3 })).toBe(3);
  });

  it("a table's own question wins over the round's, in every round; an empty one does not", () => {
    const state = {
      settings: { questions: ["Q1", "Q2"] },
      round: { phase: "not-started" } as const,
    };
    expect(tableQuestion(state, table("a", "Mine"), 2)).toBe("Mine");
    expect(tableQuestion(state, table("a", ""), 2)).toBe("Q2");
    expect(tableQuestion(state, table("a"))).toBe("Q1");
  });

  it("at each round's start every table shows that round's question, unless it has its own", () => {
    const doc = new Y.Doc();
    setUpCafe(doc, { questions: ["Q1", "Q2", "Q3"], roundCount: 3, roundLengthMs: 60_000 });
    addCafeTable(doc, table("a"));
    addCafeTable(doc, table("b"));
    const shown = () => {
      const state = readCafe(doc);
      return state.tables.map((t) => tableQuestion(state, t));
    };
    expect(shown()).toEqual(["Q1", "Q1"]);
    startNextRound(doc, 1_000);
    expect(shown()).toEqual(["Q1", "Q1"]);
    updateCafeTable(doc, "b", { question: "B's own" });
    startNextRound(doc, 2_000);
    expect(shown()).toEqual(["Q2", "B's own"]);
    updateCafeTable(doc, "b", { question: "" });
    startNextRound(doc, 3_000);
    expect(shown()).toEqual(["Q3", "Q3"]);
    expect(questionsOfRound(readCafe(doc), 2)).toEqual({ a: "Q2", b: "Q2" });
  });

  it("lists no question for a table when the café has none and the table none of its own", () => {
    const state = {
      settings: { questions: [] },
      round: { phase: "not-started" } as const,
      tables: [table("a"), table("b", "Own")],
    };
    expect(questionsOfRound(state, 1)).toEqual({ b: "Own" });
  });
});

describe("each round's questions are kept in the rounds doc", () => {
  it("a rotation ending round n returns every table's question in round n, and the rounds doc keeps it", () => {
    const doc = seededCafeDoc(2, 2);
    writeSettings(doc, { questions: ["First?", "Second?"] });
    const first = applySeating(doc, planCafeRotation(readCafe(doc), [], 1), {
      startRound: true,
      now: 1_000,
    });
    // Nothing had been asked before round 1.
    expect(first.endedQuestions).toBeNull();
    updateCafeTable(doc, "t1", { question: "t1's own" });
    const second = applySeating(doc, planCafeRotation(readCafe(doc), [], 2), {
      startRound: true,
      now: 2_000,
    });
    expect(second.endedQuestions).toEqual({
      round: 1,
      questions: { t0: "First?", t1: "t1's own" },
    });
    const rounds = new Y.Doc();
    expect(recordRoundQuestions(rounds, second.endedQuestions ?? { round: 0, questions: {} })).toBe(
      true,
    );
    // The first record of a round wins.
    expect(recordRoundQuestions(rounds, { round: 1, questions: { t0: "Other" } })).toBe(false);
    expect(readRoundQuestions(rounds).get(1)).toEqual({ t0: "First?", t1: "t1's own" });
  });

  it("refuses a malformed record and skips malformed stored entries", () => {
    const rounds = new Y.Doc();
    expect(() => recordRoundQuestions(rounds, { round: 0, questions: {} })).toThrow(/round/);
    const bad = { round: 1, questions: { t0: 7 } } as unknown as RoundQuestions;
    expect(() => recordRoundQuestions(rounds, bad)).toThrow(/not text/);
    rounds.getMap(CAFE_ROUND_QUESTIONS_MAP).set("2", { t0: "Q", t1: 7 });
    rounds.getMap(CAFE_ROUND_QUESTIONS_MAP).set("x", { t0: "Q" });
    rounds.getMap(CAFE_ROUND_QUESTIONS_MAP).set("3", "not a map");
    expect([...readRoundQuestions(rounds)]).toEqual([[2, { t0: "Q" }]]);
  });
});

describe("the questions of every round, for the proceedings", () => {
  it("takes a round's recorded questions, and works out the others from the settings", () => {
    const state = {
      settings: { questions: ["Q1", "Q2", "Q3"] },
      round: { phase: "running", round: 3, startedAt: 0, durationMs: 1 } as const,
      tables: [table("a"), table("b", "B now")],
    };
    const recorded = new Map([[1, { a: "Q1", b: "Q1" }]]);
    expect(questionsByRound(state, recorded)).toEqual([
      { round: 1, questions: { a: "Q1", b: "Q1" } },
      { round: 2, questions: { a: "Q2", b: "B now" } },
      { round: 3, questions: { a: "Q3", b: "B now" } },
    ]);
    expect(questionsByRound({ ...state, round: { phase: "not-started" } }, recorded)).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readCafe } from "./readCafe";
import {
  endRoundOnTime,
  readRoundEnd,
  readRoundState,
  roundEndsAt,
  writeRoundEnd,
} from "./roundEnd";
import { applyRoundAction } from "./runRound";
import { seededCafeDoc } from "./test/cafeDocFixtures";
import { writeSettings } from "./writeCafe";

const MINUTE = 60_000;

/** A café of 3 hosted tables × 3 travellers with round 1 running from t = 0 for a minute. */
function runningCafe(rounds = 3): Y.Doc {
  const doc = seededCafeDoc(3, 3);
  writeSettings(doc, { roundCount: rounds, roundLengthMs: MINUTE });
  applyRoundAction(doc, "start", { now: 0, extendMs: 0 });
  return doc;
}

const options = { round: 1, now: MINUTE, recorded: [], seed: 7 };

describe("the café's choice at a round's end", () => {
  it("is a gentle prompt unless the facilitator chose auto-rotate; nonsense reads as the default", () => {
    const doc = new Y.Doc();
    expect(readRoundEnd(doc)).toBe("prompt");
    writeRoundEnd(doc, "rotate");
    expect(readRoundEnd(doc)).toBe("rotate");
    doc.getMap("cafe.settings").set("atRoundEnd", "explode");
    expect(readRoundEnd(doc)).toBe("prompt");
  });

  it("reads the round and when it runs out without reading the whole café", () => {
    const doc = runningCafe();
    expect(readRoundState(doc)).toMatchObject({ phase: "running", round: 1 });
    expect(roundEndsAt(readRoundState(doc), 1)).toBe(MINUTE);
    expect(roundEndsAt(readRoundState(doc), 2)).toBeNull();
    expect(readRoundState(new Y.Doc())).toEqual({ phase: "not-started" });
  });
});

describe("a round's countdown reaches 0", () => {
  it("auto-rotate: the planned rotation is applied and the next round starts, hosts staying", () => {
    const doc = runningCafe();
    writeRoundEnd(doc, "rotate");
    const before = readCafe(doc).seating;
    let updates = 0;
    doc.on("update", () => updates++);
    const outcome = endRoundOnTime(doc, options);
    expect(outcome.kind).toBe("rotated");
    expect(updates).toBe(1);
    const after = readCafe(doc);
    expect(after.round).toMatchObject({ phase: "running", round: 2, startedAt: MINUTE });
    for (let t = 0; t < 3; t++) expect(after.seating[`h${t}`]?.tableId).toBe(`t${t}`);
    // Every traveller changed table.
    for (const [id, seat] of Object.entries(before)) {
      if (!id.startsWith("h")) expect(after.seating[id]?.tableId).not.toBe(seat.tableId);
    }
    if (outcome.kind === "rotated") {
      expect(outcome.applied.ended.round).toBe(1);
      expect(outcome.applied.moved).toBe(9);
    }
  });

  it("applies once when two timers race: the second finds another round running", () => {
    const doc = runningCafe();
    writeRoundEnd(doc, "rotate");
    expect(endRoundOnTime(doc, options).kind).toBe("rotated");
    const state = Y.encodeStateAsUpdate(doc);
    expect(endRoundOnTime(doc, options)).toEqual({ kind: "not-due", why: "other-round" });
    expect(Y.encodeStateAsUpdate(doc)).toEqual(state);
  });

  it("does nothing before time is up, nor to a paused, extended or already ended round", () => {
    const doc = runningCafe();
    writeRoundEnd(doc, "rotate");
    expect(endRoundOnTime(doc, { ...options, now: MINUTE - 1 })).toEqual({
      kind: "not-due",
      why: "time-left",
    });
    applyRoundAction(doc, "extend", { now: MINUTE - 1, extendMs: MINUTE });
    expect(endRoundOnTime(doc, { ...options, now: MINUTE })).toMatchObject({ why: "time-left" });
    applyRoundAction(doc, "pause", { now: MINUTE, extendMs: 0 });
    expect(endRoundOnTime(doc, { ...options, now: 10 * MINUTE })).toMatchObject({
      why: "not-running",
    });
    applyRoundAction(doc, "end", { now: MINUTE, extendMs: 0 });
    expect(endRoundOnTime(doc, { ...options, now: 10 * MINUTE })).toMatchObject({
      why: "not-running",
    });
  });

  it("gentle prompt: nothing is written and nobody moves", () => {
    const doc = runningCafe();
    const state = Y.encodeStateAsUpdate(doc);
    expect(endRoundOnTime(doc, options)).toEqual({ kind: "prompt", round: 1 });
    expect(Y.encodeStateAsUpdate(doc)).toEqual(state);
  });

  it("auto-rotate after the café's last round only ends the round", () => {
    const doc = runningCafe(1);
    writeRoundEnd(doc, "rotate");
    const seats = readCafe(doc).seating;
    expect(endRoundOnTime(doc, options)).toEqual({ kind: "ended", round: 1, why: "last-round" });
    expect(readCafe(doc).round).toEqual({ phase: "ended", round: 1 });
    expect(readCafe(doc).seating).toEqual(seats);
  });

  it("auto-rotate in a café the planner cannot plan still ends the round", () => {
    const doc = new Y.Doc();
    writeSettings(doc, { roundCount: 3, roundLengthMs: MINUTE });
    writeRoundEnd(doc, "rotate");
    applyRoundAction(doc, "start", { now: 0, extendMs: 0 });
    expect(endRoundOnTime(doc, options)).toEqual({ kind: "ended", round: 1, why: "cannot-plan" });
    expect(readCafe(doc).round).toEqual({ phase: "ended", round: 1 });
  });
});

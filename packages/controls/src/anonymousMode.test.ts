import { ControlDocKeys, ControlsLimits } from "@tablecloth/protocol";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  ANONYMOUS_KEY,
  ANONYMOUS_NAME,
  isAnonymousNow,
  nextAnonymousSpans,
  observeAnonymous,
  readAnonymous,
  readAnonymousSpans,
  shownName,
  wasAnonymousAt,
  writeAnonymous,
} from "./anonymousMode";
import { readControls, relabelControls, writeBroadcast, writeSummon } from "./controlsDoc";

describe("anonymous mode", () => {
  it("is off until a facilitator turns it on, and remembers each stretch it was on", () => {
    const doc = new Y.Doc();
    expect(readAnonymous(doc)).toBe(false);
    const seen: boolean[] = [];
    const stop = observeAnonymous(doc, (on) => seen.push(on));
    writeAnonymous(doc, true, 1_000);
    expect(readAnonymous(doc)).toBe(true);
    writeAnonymous(doc, true, 1_500);
    writeAnonymous(doc, false, 2_000);
    writeAnonymous(doc, true, 3_000);
    expect(readAnonymousSpans(doc)).toEqual([
      [1_000, 2_000],
      [3_000, null],
    ]);
    stop();
    writeAnonymous(doc, false, 4_000);
    // Turning it on again while on wrote nothing (no event for it).
    expect(seen).toEqual([true, false, true]);
    expect(readAnonymous(doc)).toBe(false);
  });

  it("tells whether a change was made while it was on, open stretch included", () => {
    const spans = [[10, 20] as const, [30, null] as const];
    expect(wasAnonymousAt(spans, 9)).toBe(false);
    expect(wasAnonymousAt(spans, 10)).toBe(true);
    expect(wasAnonymousAt(spans, 20)).toBe(true);
    expect(wasAnonymousAt(spans, 25)).toBe(false);
    expect(wasAnonymousAt(spans, 1e15)).toBe(true);
    expect(isAnonymousNow(spans)).toBe(true);
    expect(isAnonymousNow([[10, 20]])).toBe(false);
    expect(isAnonymousNow([])).toBe(false);
  });

  it("never starts a stretch before the last one ended (a clock that stepped back)", () => {
    expect(nextAnonymousSpans([[100, 200]], true, 150)).toEqual([
      [100, 200],
      [200, null],
    ]);
    expect(nextAnonymousSpans([[100, null]], false, 50)).toEqual([[100, 100]]);
  });

  it("keeps at most ControlsLimits.anonymousSpans stretches by widening the oldest", () => {
    let spans = nextAnonymousSpans([], true, 0);
    for (let i = 1; i <= ControlsLimits.anonymousSpans + 5; i++) {
      spans = nextAnonymousSpans(spans, false, i * 10);
      spans = nextAnonymousSpans(spans, true, i * 10 + 5);
    }
    expect(spans.length).toBe(ControlsLimits.anonymousSpans);
    expect(spans[0]?.[0]).toBe(0);
    // Every moment that was anonymous still is.
    expect(wasAnonymousAt(spans, 3)).toBe(true);
    expect(isAnonymousNow(spans)).toBe(true);
  });

  it("reads malformed values as off, and skips malformed or misplaced stretches", () => {
    const doc = new Y.Doc();
    const map = doc.getMap(ControlDocKeys.controls);
    map.set(ANONYMOUS_KEY, "yes");
    expect(readAnonymous(doc)).toBe(false);
    map.set(ANONYMOUS_KEY, [[5, 1], ["a", null], [1, null], [2, 3], { from: 1 }]);
    // [1, null] is open but not last: it cannot be "still on"; [5, 1] ends before it starts.
    expect(readAnonymousSpans(doc)).toEqual([[2, 3]]);
    expect(readAnonymous(doc)).toBe(false);
  });

  it("shows the neutral label instead of a name while on", () => {
    expect(shownName("Ada Lovelace", true)).toBe(ANONYMOUS_NAME);
    expect(shownName("Ada Lovelace", false)).toBe("Ada Lovelace");
  });

  it("renames the broadcast's sender and the summon's leader in the control doc", () => {
    const doc = new Y.Doc();
    writeBroadcast(doc, {
      id: "b1",
      text: "Back in five",
      chime: false,
      sentAt: 1,
      fromId: "f1",
      fromName: "Fran",
    });
    writeSummon(doc, {
      id: "s1",
      boardId: "board",
      mode: "follow",
      audience: { kind: "everyone" },
      leaderId: "f1",
      leaderName: "Fran",
      sentAt: 1,
    });
    relabelControls(doc, () => ANONYMOUS_NAME);
    const state = readControls(doc);
    expect(state.broadcast?.fromName).toBe(ANONYMOUS_NAME);
    expect(state.summon?.leaderName).toBe(ANONYMOUS_NAME);
    expect(state.broadcast?.text).toBe("Back in five");
    relabelControls(doc, (id) => (id === "f1" ? "Fran" : "?"));
    expect(readControls(doc).broadcast?.fromName).toBe("Fran");
    expect(readControls(doc).summon?.leaderName).toBe("Fran");
  });
});

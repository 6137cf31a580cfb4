import type { PlainRecord } from "@tablecloth/tldraw-yjs/server";
import { describe, expect, it } from "vitest";
import { diffRecords, framesOf, replayMoments } from "./historyFrames";

const rec = (id: string, x: number): PlainRecord => ({ id, typeName: "shape", x });
const map = (...records: PlainRecord[]) => new Map(records.map((r) => [r.id, r]));

describe("replayMoments", () => {
  it("merges entries sharing a time into one moment holding the last of them", () => {
    const log = [
      { seq: 1, at: 10, author: "a" },
      { seq: 2, at: 10, author: "b" },
      { seq: 3, at: 12, author: "a" },
    ];
    expect(replayMoments(log)).toEqual({
      moments: [
        { seq: 2, at: 10 },
        { seq: 3, at: 12 },
      ],
      everyChange: true,
    });
    expect(replayMoments([])).toEqual({ moments: [], everyChange: true });
  });

  it("samples a long history evenly, never more than the limit, always ending at its last moment", () => {
    const log = Array.from({ length: 1_001 }, (_, i) => ({ seq: i + 1, at: i * 2, author: "a" }));
    const { moments, everyChange } = replayMoments(log, 100);
    expect(everyChange).toBe(false);
    expect(moments.length).toBeLessThanOrEqual(100);
    expect(moments.length).toBeGreaterThan(90);
    expect(moments[moments.length - 1]).toEqual({ seq: 1_001, at: 2_000 });
    const seqs = moments.map((m) => m.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
  });
});

describe("framesOf", () => {
  it("gives each moment's puts and removals, which replayed rebuild every state", () => {
    const states = [
      { seq: 1, at: 1, records: map(rec("shape:a", 0)) },
      { seq: 2, at: 2, records: map(rec("shape:a", 0), rec("shape:b", 1)) },
      { seq: 4, at: 3, records: map(rec("shape:b", 5)) },
      { seq: 5, at: 4, records: map() },
    ];
    const frames = framesOf(states);
    expect(frames.map((f) => [f.put.map((r) => r.id), f.removed])).toEqual([
      [["shape:a"], []],
      [["shape:b"], []],
      [["shape:b"], ["shape:a"]],
      [[], ["shape:b"]],
    ]);
    const shown = new Map<string, unknown>();
    frames.forEach((frame, i) => {
      for (const r of frame.put) shown.set(String(r.id), r);
      for (const id of frame.removed) shown.delete(id);
      expect(shown).toEqual(states[i]?.records);
    });
  });

  it("leaves out the user records that name people, and presence", () => {
    const user = { id: "user:u1", typeName: "user", name: "Annika Unique" };
    const presence = { id: "instance_presence:p", typeName: "instance_presence", userName: "A" };
    const frames = framesOf([
      { seq: 1, at: 1, records: map(rec("shape:a", 0), user, presence) },
      { seq: 2, at: 2, records: map(user) },
    ]);
    expect(JSON.stringify(frames)).not.toContain("Annika");
    expect(frames.map((f) => [f.put.map((r) => r.id), f.removed])).toEqual([
      [["shape:a"], []],
      [[], ["shape:a"]],
    ]);
  });

  it("puts nothing for a record that did not change", () => {
    expect(diffRecords(map(rec("shape:a", 1)), map(rec("shape:a", 1)))).toEqual({
      put: [],
      removed: [],
    });
  });
});

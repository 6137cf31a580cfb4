import {
  createShapeId,
  createUserId,
  InstancePresenceRecordType,
  PageRecordType,
  type TLInstancePresence,
} from "tldraw";
import { describe, expect, it } from "vitest";
import { SELECTED_COUNT_META_KEY } from "./config";
import { jsonBytes, trimPresence } from "./trimPresence";

function presence(overrides: Partial<TLInstancePresence> = {}): TLInstancePresence {
  return InstancePresenceRecordType.create({
    id: InstancePresenceRecordType.createId("1"),
    currentPageId: PageRecordType.createId("page"),
    userId: createUserId("ada"),
    userName: "Ada",
    cursor: { x: 1, y: 2, type: "default", rotation: 0 },
    ...overrides,
  });
}

function scribble(id: string, points: number): TLInstancePresence["scribbles"][number] {
  return {
    id,
    points: Array.from({ length: points }, (_, i) => ({ x: i * 1.5, y: i * 2.25, z: 0.5 })),
    size: 4,
    color: "laser",
    opacity: 1,
    state: "active",
    delay: 0,
    shrink: 0,
    taper: false,
  };
}

const LIMIT = 4 * 1024;

describe("trimPresence", () => {
  it("returns a presence that fits unchanged (the same object)", () => {
    const p = presence({ selectedShapeIds: [createShapeId("a")] });
    expect(trimPresence(p, LIMIT)).toBe(p);
  });

  it("shortens a 100,000-shape selection, keeping its head and the real count in meta", () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => createShapeId(`shape${i}`));
    const trimmed = trimPresence(presence({ selectedShapeIds: ids }), LIMIT);
    expect(jsonBytes(trimmed)).toBeLessThanOrEqual(LIMIT);
    expect(trimmed.selectedShapeIds.length).toBeGreaterThan(0);
    expect(trimmed.selectedShapeIds).toEqual(ids.slice(0, trimmed.selectedShapeIds.length));
    expect(trimmed.meta[SELECTED_COUNT_META_KEY]).toBe(100_000);
    expect(trimmed.cursor).toEqual(presence().cursor);
  });

  it("keeps the newest points of a long laser stroke", () => {
    const p = presence({ scribbles: [scribble("old", 50), scribble("new", 2_000)] });
    expect(jsonBytes(p)).toBeGreaterThan(LIMIT);
    const trimmed = trimPresence(p, LIMIT);
    expect(jsonBytes(trimmed)).toBeLessThanOrEqual(LIMIT);
    const last = trimmed.scribbles.at(-1);
    expect(last?.id).toBe("new");
    expect(last?.points.at(-1)).toEqual(p.scribbles[1]?.points.at(-1));
  });

  it("shortens a huge chat message and name without splitting a character", () => {
    const p = presence({ chatMessage: "🙂".repeat(5_000), userName: "名".repeat(5_000) });
    const trimmed = trimPresence(p, LIMIT);
    expect(jsonBytes(trimmed)).toBeLessThanOrEqual(LIMIT);
    expect(trimmed.chatMessage).toMatch(/^(🙂)*$/u);
    expect(trimmed.userName.length).toBeGreaterThan(0);
    expect(InstancePresenceRecordType.validate(trimmed)).toEqual(trimmed);
  });
});

import { type Broadcast, ControlDocKeys, type Summon } from "@tablecloth/protocol";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  CONTROLS_KEYS,
  observeControls,
  readControls,
  writeBroadcast,
  writeSummon,
} from "./controlsDoc";

const broadcast: Broadcast = {
  id: "b1",
  text: "Coffee is ready",
  chime: true,
  sentAt: 1,
  fromId: "f",
  fromName: "Fran",
};
const summon: Summon = {
  id: "s1",
  boardId: "plenary",
  mode: "control",
  audience: { kind: "everyone" },
  leaderId: "f",
  leaderName: "Fran",
  sentAt: 2,
};

describe("controls in the control doc", () => {
  it("round-trips a broadcast and a summon, and null removes them", () => {
    const doc = new Y.Doc();
    expect(readControls(doc)).toEqual({ broadcast: null, summon: null });
    writeBroadcast(doc, broadcast);
    writeSummon(doc, summon);
    expect(readControls(doc)).toEqual({ broadcast, summon });
    writeSummon(doc, null);
    expect(readControls(doc)).toEqual({ broadcast, summon: null });
    writeBroadcast(doc, null);
    expect(doc.getMap(ControlDocKeys.controls).size).toBe(0);
  });

  it("reads a malformed value as none", () => {
    const doc = new Y.Doc();
    const map = doc.getMap(ControlDocKeys.controls);
    map.set(CONTROLS_KEYS.broadcast, { text: 42 });
    map.set(CONTROLS_KEYS.summon, { ...summon, mode: "drag" });
    expect(readControls(doc)).toEqual({ broadcast: null, summon: null });
  });

  it("refuses to write a malformed value", () => {
    const doc = new Y.Doc();
    expect(() => writeSummon(doc, { ...summon, audience: { kind: "table" } } as never)).toThrow();
    expect(doc.getMap(ControlDocKeys.controls).size).toBe(0);
  });

  it("observes its own map only, once per transaction, across synced docs", () => {
    const server = new Y.Doc();
    const page = new Y.Doc();
    server.on("update", (update: Uint8Array) => Y.applyUpdate(page, update));
    const seen: unknown[] = [];
    const stop = observeControls(page, (state) => seen.push(state));
    server.getMap("cafe.round").set("state", { kind: "idle" });
    expect(seen).toHaveLength(0);
    server.transact(() => {
      writeBroadcast(server, broadcast);
      writeSummon(server, summon);
    });
    expect(seen).toEqual([{ broadcast, summon }]);
    stop();
    writeSummon(server, null);
    expect(seen).toHaveLength(1);
  });
});

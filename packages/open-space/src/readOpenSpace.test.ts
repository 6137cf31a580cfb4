import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { OPEN_SPACE_MAPS, OPEN_SPACE_META_KEYS } from "./openSpaceDocLayout";
import { EMPTY_OPEN_SPACE } from "./openSpaceTypes";
import { postSession } from "./postSession";
import { readOpenSpace } from "./readOpenSpace";
import { signUp } from "./signUps";
import { ann, gridOf } from "./test/openSpaceFixtures";
import { writeOpenSpace } from "./writeOpenSpace";

describe("the control-doc layout", () => {
  it("reads an empty doc as an empty Open Space", () => {
    expect(readOpenSpace(new Y.Doc())).toEqual({ state: EMPTY_OPEN_SPACE, problems: [] });
  });

  it("skips malformed values and names them", () => {
    const doc = new Y.Doc();
    const state = postSession(gridOf(1, 1), ann, {
      id: "s1",
      title: "T",
      spaceId: "sp1",
      slotId: "sl1",
      postedAt: 0,
    });
    writeOpenSpace(doc, EMPTY_OPEN_SPACE, state);
    doc.getMap(OPEN_SPACE_MAPS.sessions).set("bad", { id: "bad", title: 3 });
    doc.getMap(OPEN_SPACE_MAPS.signUps).set("p9", "not a list");
    doc.getMap(OPEN_SPACE_MAPS.meta).set(OPEN_SPACE_META_KEYS.phase, "party");
    doc.getMap(OPEN_SPACE_MAPS.where).set("p7", { sessionId: null, visited: [], name: 7 });
    doc.getMap(OPEN_SPACE_MAPS.where).set("p8", { sessionId: "s1", visited: ["s1"] });
    const read = readOpenSpace(doc);
    expect(Object.keys(read.state.sessions)).toEqual(["s1"]);
    expect(read.state.signUps).toEqual({});
    expect(read.state.phase).toBe("opening");
    // An entry from before names were kept still reads; a name that is not text does not.
    expect(Object.keys(read.state.whereabouts)).toEqual(["p8"]);
    expect(read.problems).toEqual([
      "os.sessions.bad: malformed",
      "os.signUps.p9: malformed",
      "os.where.p7: malformed",
    ]);
  });

  it("writes only what changed: a sign-up sends one person's list", () => {
    const doc = new Y.Doc();
    const state = postSession(gridOf(3, 3), ann, {
      id: "s1",
      title: "T",
      spaceId: "sp1",
      slotId: "sl1",
      postedAt: 0,
    });
    writeOpenSpace(doc, EMPTY_OPEN_SPACE, state);
    const before = readOpenSpace(doc).state;
    const changed: string[] = [];
    doc.on("update", (update: Uint8Array) => changed.push(`${update.byteLength}`));
    const events: string[] = [];
    for (const name of Object.values(OPEN_SPACE_MAPS)) {
      doc.getMap(name).observe((e) => events.push(`${name}:${[...e.keysChanged].join(",")}`));
    }
    writeOpenSpace(doc, before, signUp(before, ann, "s1"));
    expect(events).toEqual(["os.signUps:p1"]);
    expect(changed).toHaveLength(1);
  });
});

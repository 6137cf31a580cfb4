import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { OPEN_SPACE_MAPS } from "./openSpaceDocLayout";
import { readOpenSpace } from "./readOpenSpace";
import { relabelOpenSpacePeople } from "./relabelPeople";

function docWithPeople(): Y.Doc {
  const doc = new Y.Doc();
  doc.getMap(OPEN_SPACE_MAPS.sessions).set("s1", {
    id: "s1",
    title: "Soil",
    description: "",
    conveners: [
      { id: "p1", name: "Ada" },
      { id: "p2", name: "Grace" },
    ],
    spaceId: "a",
    slotId: "b",
    boardId: null,
    docName: null,
    capacity: null,
    merged: [],
    postedAt: 1,
  });
  doc.getMap(OPEN_SPACE_MAPS.where).set("p1", { sessionId: "s1", visited: ["s1"], name: "Ada" });
  doc.getMap(OPEN_SPACE_MAPS.where).set("p3", { sessionId: null, visited: [] });
  doc.getMap(OPEN_SPACE_MAPS.reports).set("s1", {
    summary: "We dug",
    keyPoints: "",
    nextSteps: "",
    authorId: "p2",
    authorName: "Grace",
    filedAt: 2,
  });
  return doc;
}

describe("relabelOpenSpacePeople", () => {
  it("renames conveners, who is where and report authors, and back", () => {
    const doc = docWithPeople();
    relabelOpenSpacePeople(doc, () => "Anonymous");
    const { state } = readOpenSpace(doc);
    expect(state.sessions.s1?.conveners.map((c) => c.name)).toEqual(["Anonymous", "Anonymous"]);
    expect(state.whereabouts.p1?.name).toBe("Anonymous");
    // An entry written before names were kept stays without one.
    expect(state.whereabouts.p3?.name).toBeUndefined();
    expect(state.reports.s1?.authorName).toBe("Anonymous");
    expect(state.reports.s1?.summary).toBe("We dug");
    const real: Record<string, string> = { p1: "Ada", p2: "Grace" };
    relabelOpenSpacePeople(doc, (id) => real[id] ?? "?");
    const back = readOpenSpace(doc).state;
    expect(back.sessions.s1?.conveners.map((c) => c.name)).toEqual(["Ada", "Grace"]);
    expect(back.reports.s1?.authorName).toBe("Grace");
  });

  it("writes nothing when every name is already the one asked for", () => {
    const doc = docWithPeople();
    relabelOpenSpacePeople(doc, () => "Anonymous");
    let updates = 0;
    doc.on("update", () => updates++);
    relabelOpenSpacePeople(doc, () => "Anonymous");
    expect(updates).toBe(0);
  });
});

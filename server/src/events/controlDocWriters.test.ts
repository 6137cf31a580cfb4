import { ControlDocKeys } from "@tablecloth/protocol";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { writeBoardToControlDoc, writeEventToControlDoc } from "./controlDocWriters";
import type { BoardRecord } from "./EventStore";

const board: BoardRecord = {
  id: "b1",
  eventId: "e1",
  kind: "table",
  title: "Table 1",
  question: null,
  docName: "e1.b1",
  createdAt: 5,
};

describe("control doc writers", () => {
  it("write the event's fields", () => {
    const doc = new Y.Doc();
    writeEventToControlDoc(doc, {
      id: "e1",
      title: "Café",
      purpose: "p",
      format: "world-cafe",
      joinCode: "ABCDEF",
      joinOpen: true,
      controlDocName: "e1.control",
      createdAt: 1,
    });
    expect(doc.getMap(ControlDocKeys.event).toJSON()).toEqual({
      id: "e1",
      title: "Café",
      purpose: "p",
      format: "world-cafe",
    });
  });

  it("add a board, then update it field by field, keeping fields others wrote", () => {
    const doc = new Y.Doc();
    writeBoardToControlDoc(doc, board);
    const boards = doc.getMap<Y.Map<unknown>>(ControlDocKeys.boards);
    expect(boards.get("b1")?.toJSON()).toEqual({
      id: "b1",
      kind: "table",
      title: "Table 1",
      question: "",
      docName: "e1.b1",
      createdAt: 5,
    });
    boards.get("b1")?.set("hostId", "p7");
    let updates = 0;
    doc.on("update", () => updates++);
    writeBoardToControlDoc(doc, { ...board, question: "Why?" });
    expect(boards.get("b1")?.get("question")).toBe("Why?");
    expect(boards.get("b1")?.get("hostId")).toBe("p7");
    expect(updates).toBe(1);
  });
});

import { ControlDocKeys } from "@tablecloth/protocol";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  BOARDS_PHASE_KEY,
  mayWriteBoards,
  observeBoardsPhase,
  readBoardsPhase,
  writeBoardsPhase,
} from "./boardsPhase";

describe("the boards phase", () => {
  it("is open until a facilitator makes the boards view-only, and open again after", () => {
    const doc = new Y.Doc();
    expect(readBoardsPhase(doc)).toBe("open");
    const seen: string[] = [];
    const stop = observeBoardsPhase(doc, (phase) => seen.push(phase));
    writeBoardsPhase(doc, "view-only");
    expect(readBoardsPhase(doc)).toBe("view-only");
    writeBoardsPhase(doc, "open");
    expect(readBoardsPhase(doc)).toBe("open");
    expect(doc.getMap(ControlDocKeys.controls).has(BOARDS_PHASE_KEY)).toBe(false);
    stop();
    writeBoardsPhase(doc, "view-only");
    expect(seen).toEqual(["view-only", "open"]);
  });

  it("reads a malformed value as open and refuses to write one", () => {
    const doc = new Y.Doc();
    doc.getMap(ControlDocKeys.controls).set(BOARDS_PHASE_KEY, "closed-ish");
    expect(readBoardsPhase(doc)).toBe("open");
    expect(() => writeBoardsPhase(doc, "nope" as never)).toThrow();
  });

  it("lets facilitators write in every phase, participants only while open, observers never", () => {
    expect(mayWriteBoards("open", "participant")).toBe(true);
    expect(mayWriteBoards("view-only", "participant")).toBe(false);
    expect(mayWriteBoards("view-only", "facilitator")).toBe(true);
    expect(mayWriteBoards("open", "observer")).toBe(false);
  });
});

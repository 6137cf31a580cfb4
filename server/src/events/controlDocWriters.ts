import {
  type ControlBoardFields,
  ControlDocKeys,
  type ControlEventFields,
} from "@tablecloth/protocol";
import * as Y from "yjs";
import type { BoardRecord, EventRecord } from "./EventStore";

/** Writes the event's own fields into its control doc's `event` map. */
export function writeEventToControlDoc(doc: Y.Doc, event: EventRecord): void {
  const fields: ControlEventFields = {
    id: event.id,
    title: event.title,
    purpose: event.purpose,
    format: event.format,
  };
  const map = doc.getMap<unknown>(ControlDocKeys.event);
  for (const [key, value] of Object.entries(fields)) {
    if (map.get(key) !== value) map.set(key, value);
  }
}

/**
 * Adds or refreshes a board in the control doc's `boards` map, keyed by board id. An existing
 * entry is updated field by field, so fields others wrote beside ours survive.
 */
export function writeBoardToControlDoc(doc: Y.Doc, board: BoardRecord): void {
  const fields: ControlBoardFields = {
    id: board.id,
    kind: board.kind,
    title: board.title,
    question: board.question ?? "",
    docName: board.docName,
    createdAt: board.createdAt,
  };
  const boards = doc.getMap<Y.Map<unknown>>(ControlDocKeys.boards);
  const existing = boards.get(board.id);
  if (existing instanceof Y.Map) {
    for (const [key, value] of Object.entries(fields)) {
      if (existing.get(key) !== value) existing.set(key, value);
    }
    return;
  }
  // A new map is filled before it joins the doc (reading it before then is not allowed).
  const entry = new Y.Map<unknown>(Object.entries(fields));
  boards.set(board.id, entry);
}

/** Takes a board out of the control doc's `boards` map (a change taken back before it was stored). */
export function removeBoardFromControlDoc(doc: Y.Doc, boardId: string): void {
  const boards = doc.getMap<Y.Map<unknown>>(ControlDocKeys.boards);
  if (boards.has(boardId)) boards.delete(boardId);
}

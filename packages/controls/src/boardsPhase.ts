import { type BoardsPhase, BoardsPhaseSchema, ControlDocKeys } from "@tablecloth/protocol";
import type * as Y from "yjs";

/** The key of the boards' phase in the control doc's `controls` map. */
export const BOARDS_PHASE_KEY = "boards";

/** The phase when none is set (or a malformed one is): people draw. */
export const DEFAULT_BOARDS_PHASE: BoardsPhase = "open";

/** Who is asking to write a board: the role from the server's membership, never from a client. */
export type BoardWriterRole = "facilitator" | "participant" | "observer";

/** Reads the event's boards phase from its control doc. */
export function readBoardsPhase(doc: Y.Doc): BoardsPhase {
  const parsed = BoardsPhaseSchema.safeParse(
    doc.getMap<unknown>(ControlDocKeys.controls).get(BOARDS_PHASE_KEY),
  );
  return parsed.success ? parsed.data : DEFAULT_BOARDS_PHASE;
}

/** Sets the boards phase (`open` clears the entry, so a fresh doc and an opened one look alike). */
export function writeBoardsPhase(doc: Y.Doc, phase: BoardsPhase): void {
  const map = doc.getMap<unknown>(ControlDocKeys.controls);
  if (BoardsPhaseSchema.parse(phase) === DEFAULT_BOARDS_PHASE) map.delete(BOARDS_PHASE_KEY);
  else map.set(BOARDS_PHASE_KEY, phase);
}

/** Calls `onChange` with the phase after every change to the `controls` map. Returns the stop. */
export function observeBoardsPhase(doc: Y.Doc, onChange: (phase: BoardsPhase) => void): () => void {
  const map = doc.getMap<unknown>(ControlDocKeys.controls);
  const handler = () => onChange(readBoardsPhase(doc));
  map.observe(handler);
  return () => map.unobserve(handler);
}

/** Whether someone in `role` may change the event's boards in `phase`. */
export function mayWriteBoards(phase: BoardsPhase, role: BoardWriterRole): boolean {
  if (role === "facilitator") return true;
  if (role === "observer") return false;
  return phase === "open";
}

import type { BoardKind } from "./boardKind";
import type { EventFormat } from "./eventFormat";

/**
 * Layout of an event's control doc, as far as the API writes it. The server creates the doc with
 * the event and writes through the room engine, so every change is in the doc's history.
 *
 * - `doc.getMap(ControlDocKeys.event)`: a flat map with the fields of `ControlEventFields`.
 * - `doc.getMap(ControlDocKeys.boards)`: board id → `Y.Map` with the fields of `ControlBoardFields`.
 * - `doc.getMap(ControlDocKeys.controls)`: `broadcast` → a `Broadcast`, `summon` → a `Summon`
 *   (plain objects, replaced whole; absent or null when none is in force). Written only by the
 *   server's controls routes (`@tablecloth/controls` reads and writes it).
 *
 * Other root keys (rounds, hosts, phases, timer, marketplace) belong to the features that own
 * them; facilitator connections write those directly.
 */
export const ControlDocKeys = {
  event: "event",
  boards: "boards",
  controls: "controls",
} as const;

export interface ControlEventFields {
  id: string;
  title: string;
  purpose: string;
  format: EventFormat;
}

export interface ControlBoardFields {
  id: string;
  kind: BoardKind;
  title: string;
  /** Empty string when the board has no question. */
  question: string;
  docName: string;
  createdAt: number;
}

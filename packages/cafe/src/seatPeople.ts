import type * as Y from "yjs";
import { CafeError, CafeErrorCode } from "./CafeError";
import type { CafeState, Presence, Seat } from "./cafeDocLayout";
import { writeName } from "./cafeNames";
import { readCafe } from "./readCafe";
import { tableHostedBy } from "./tableHosts";
import { writePresence, writeSeat } from "./writeCafe";

/**
 * The rules of who sits where, outside a rotation: joining the café, a facilitator seating one
 * person, and people moving themselves while movement is free. Hosts stay at their table; a
 * table's capacity holds. Run each inside the transaction that makes the change.
 */

/** Someone to seat, as the caller knows them: their id and current display name. */
export interface CafePerson {
  readonly id: string;
  readonly name: string;
}

/**
 * "I'm here": `person` joins the café unseated with `presence`, or, already in it, changes only
 * their presence (the seat is not rewritten, nor sent to everyone again). Their name is kept
 * beside the seat for every page (written only when it changed).
 */
export function joinCafe(doc: Y.Doc, person: CafePerson, presence: Presence): Seat {
  const current = readCafe(doc).seating[person.id];
  const seat: Seat = { tableId: current === undefined ? null : current.tableId, presence };
  doc.transact(() => {
    writeName(doc, person.id, person.name);
    if (current === undefined) writeSeat(doc, person.id, seat);
    else writePresence(doc, person.id, presence);
  });
  return seat;
}

/**
 * A facilitator seats `person` at `tableId` (`null`: in the café, no table), keeping their
 * presence ("in-room" for someone new).
 *
 * @throws CafeError `host-cannot-move` when they host another table (choose another host first);
 *   `unknown-table`.
 */
export function seatParticipant(doc: Y.Doc, person: CafePerson, tableId: string | null): Seat {
  const state = readCafe(doc);
  const hosted = tableHostedBy(state, person.id);
  if (hosted && hosted.id !== tableId) {
    throw new CafeError(
      CafeErrorCode.HostCannotMove,
      `This person hosts ${hosted.name} and stays there; choose another host first.`,
      { tableId: hosted.id, participantId: person.id },
    );
  }
  const seat: Seat = { tableId, presence: state.seating[person.id]?.presence ?? "in-room" };
  doc.transact(() => {
    writeSeat(doc, person.id, seat);
    writeName(doc, person.id, person.name);
  });
  return seat;
}

/**
 * `person` moves themselves to `tableId`: only while movement is free, never a host away from
 * their table, never into a full table. Already there: nothing changes. Someone new arrives
 * "remote" (people in the room are seated by the facilitator).
 *
 * @throws CafeError `movement-closed`, `unknown-table`, `host-cannot-move`, `table-full`.
 */
export function moveSelf(doc: Y.Doc, person: CafePerson, tableId: string): Seat {
  const state = readCafe(doc);
  if (!state.settings.freeMovement) {
    throw new CafeError(
      CafeErrorCode.MovementClosed,
      "The facilitator moves people between tables right now.",
      { participantId: person.id },
    );
  }
  const target = state.tables.find((t) => t.id === tableId);
  if (!target) {
    throw new CafeError(CafeErrorCode.UnknownTable, "No such table in this café.", { tableId });
  }
  const hosted = tableHostedBy(state, person.id);
  if (hosted && hosted.id !== target.id) {
    throw new CafeError(CafeErrorCode.HostCannotMove, `You host ${hosted.name}: hosts stay.`, {
      tableId: hosted.id,
      participantId: person.id,
    });
  }
  const current = state.seating[person.id];
  if (current?.tableId === target.id) return current;
  if (target.capacity !== null && countAt(state, target.id) >= target.capacity) {
    throw new CafeError(CafeErrorCode.TableFull, `${target.name} is full.`, {
      tableId,
      participantId: person.id,
    });
  }
  const seat: Seat = { tableId: target.id, presence: current?.presence ?? "remote" };
  doc.transact(() => {
    writeSeat(doc, person.id, seat);
    writeName(doc, person.id, person.name);
  });
  return seat;
}

/**
 * `person` scanned the QR code on a physical table: someone without a table yet (new to the café,
 * or in it unseated) sits at that table, in the room, if it has room, whether or not movement is
 * free (they are standing at it). Someone already at a table goes by the rules of `moveSelf`:
 * the QR code on another table is no way round the facilitator's seating.
 *
 * @throws CafeError `unknown-table`, `table-full`; for the seated, those of `moveSelf`.
 */
export function arriveAtTable(doc: Y.Doc, person: CafePerson, tableId: string): Seat {
  const state = readCafe(doc);
  const current = state.seating[person.id];
  if (current !== undefined && current.tableId === tableId) return current;
  if (current !== undefined && current.tableId !== null) return moveSelf(doc, person, tableId);
  const target = state.tables.find((t) => t.id === tableId);
  if (!target) {
    throw new CafeError(CafeErrorCode.UnknownTable, "No such table in this café.", { tableId });
  }
  const hosted = tableHostedBy(state, person.id);
  if (hosted && hosted.id !== target.id) {
    throw new CafeError(CafeErrorCode.HostCannotMove, `You host ${hosted.name}: hosts stay.`, {
      tableId: hosted.id,
      participantId: person.id,
    });
  }
  if (target.capacity !== null && countAt(state, target.id) >= target.capacity) {
    throw new CafeError(CafeErrorCode.TableFull, `${target.name} is full.`, {
      tableId,
      participantId: person.id,
    });
  }
  const seat: Seat = { tableId: target.id, presence: "in-room" };
  doc.transact(() => {
    writeSeat(doc, person.id, seat);
    writeName(doc, person.id, person.name);
  });
  return seat;
}

function countAt(state: CafeState, tableId: string): number {
  let n = 0;
  for (const seat of Object.values(state.seating)) if (seat.tableId === tableId) n++;
  return n;
}

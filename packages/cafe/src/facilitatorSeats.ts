import type * as Y from "yjs";
import { CafeError, CafeErrorCode } from "./CafeError";
import { CAFE_MAPS, type CafeState, type Seat } from "./cafeDocLayout";
import { writeName } from "./cafeNames";
import { readCafe } from "./readCafe";
import type { CafePerson } from "./seatPeople";
import { tableHostedBy } from "./tableHosts";
import { writeSeat, writeTable } from "./writeCafe";

/**
 * A facilitator's hand on anyone in the café, outside a rotation: take someone out of the café,
 * or move them to a table (a host too: they stop hosting the table they leave). Also what frees
 * the seat of someone who left (`freeSeatOfAbsent`). Run each inside the control doc's step.
 */

/** What taking someone out of the café did. */
export interface Removal {
  /** False when they were not in the café (nothing written). */
  readonly removed: boolean;
  /** The table they hosted and no longer do, if any. */
  readonly releasedTableId: string | null;
}

/**
 * A facilitator takes `participantId` out of the café: their seat (and presence) goes, so the
 * planner stops counting them; a table they hosted has no host any more. They may say "I'm
 * here" again later and be seated like anyone new. Their name stays in `cafe.names` (past
 * rounds still name them).
 */
export function removeFromCafe(doc: Y.Doc, participantId: string): Removal {
  const state = readCafe(doc);
  const inCafe = Object.hasOwn(state.seating, participantId);
  const hosted = tableHostedBy(state, participantId) ?? null;
  if (!inCafe && hosted === null) return { removed: false, releasedTableId: null };
  doc.transact(() => {
    if (inCafe) writeSeat(doc, participantId, null);
    if (hosted !== null) writeTable(doc, { ...hosted, hostId: null });
  });
  return { removed: inCafe, releasedTableId: hosted?.id ?? null };
}

/**
 * A facilitator moves `person` to `tableId` (`null`: in the café, no table), whatever the round
 * and whether or not movement is free. A host moved away from their table stops hosting it (the
 * table is then without a host until someone takes it). A full table refuses, naming itself.
 *
 * @throws CafeError `unknown-table`; `table-full` when the table already seats its capacity.
 */
export function reseatParticipant(doc: Y.Doc, person: CafePerson, tableId: string | null): Seat {
  const state = readCafe(doc);
  const target = tableId === null ? null : state.tables.find((t) => t.id === tableId);
  if (target === undefined) {
    throw new CafeError(CafeErrorCode.UnknownTable, "No such table in this café.", {
      tableId: tableId ?? "",
    });
  }
  const current = state.seating[person.id];
  if (current !== undefined && current.tableId === tableId) return current;
  if (target !== null && target.capacity !== null && countAt(state, target.id) >= target.capacity) {
    throw new CafeError(CafeErrorCode.TableFull, `${target.name} is full.`, {
      tableId: target.id,
      participantId: person.id,
    });
  }
  const hosted = tableHostedBy(state, person.id);
  const seat: Seat = { tableId, presence: current?.presence ?? "in-room" };
  doc.transact(() => {
    if (hosted && hosted.id !== tableId) writeTable(doc, { ...hosted, hostId: null });
    writeSeat(doc, person.id, seat);
    writeName(doc, person.id, person.name);
  });
  return seat;
}

/**
 * Frees the seat of someone who left: they are taken out of the café (their seat and presence
 * go) but stay host of their table, so coming back and saying "I'm here" seats them at it again.
 * Returns false when they were not in the café.
 */
export function freeSeatOfAbsent(doc: Y.Doc, participantId: string): boolean {
  if (!doc.getMap<unknown>(CAFE_MAPS.seating).has(participantId)) return false;
  writeSeat(doc, participantId, null);
  return true;
}

/** The people in the café (seated or waiting), cheaply: the keys of `cafe.seating`. */
export function peopleInCafe(doc: Y.Doc): string[] {
  return [...doc.getMap<unknown>(CAFE_MAPS.seating).keys()];
}

/**
 * Who has been gone too long. `since` holds when each person in the café was first seen with no
 * connection; a person seen connected is forgotten (back within the grace period, they keep their
 * seat), a person gone is remembered from now. Returns the new `since` and the people whose
 * absence is longer than `graceMs`: free their seats (`freeSeatOfAbsent`). Pure: the server calls
 * it on every sweep with what it sees.
 */
export function trackAbsence(
  inCafe: Iterable<string>,
  isConnected: (participantId: string) => boolean,
  since: ReadonlyMap<string, number>,
  now: number,
  graceMs: number,
): { since: Map<string, number>; overdue: string[] } {
  const next = new Map<string, number>();
  const overdue: string[] = [];
  for (const id of inCafe) {
    if (isConnected(id)) continue;
    const gone = since.get(id) ?? now;
    next.set(id, gone);
    if (now - gone > graceMs) overdue.push(id);
  }
  return { since: next, overdue };
}

function countAt(state: CafeState, tableId: string): number {
  let n = 0;
  for (const seat of Object.values(state.seating)) if (seat.tableId === tableId) n++;
  return n;
}

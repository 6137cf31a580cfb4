import type * as Y from "yjs";
import { CafeError, CafeErrorCode } from "./CafeError";
import type { CafeState, CafeTable } from "./cafeDocLayout";
import { readCafe } from "./readCafe";
import { writeSeat, writeTable } from "./writeCafe";

/**
 * The rules of tables and their hosts, for every writer (facilitators' set-up, a participant
 * volunteering): one person hosts at most one table, a table has at most one host, and a host sits
 * at their own table. Each function reads and writes the control doc in one step: run it inside
 * the transaction that makes the change (the server's `transact`), so no other change interleaves.
 */

/** The table `participantId` hosts, if any. */
export function tableHostedBy(state: CafeState, participantId: string): CafeTable | undefined {
  return state.tables.find((t) => t.hostId === participantId);
}

/**
 * Throws unless `hostId` may become host of table `tableId` (`null`: a table not made yet): they
 * host no other table. Check before making a table's board, so a refusal leaves nothing behind.
 *
 * @throws CafeError `duplicate-host`.
 */
export function checkCanHost(state: CafeState, hostId: string, tableId: string | null): void {
  const other = tableHostedBy(state, hostId);
  if (other && other.id !== tableId) {
    throw new CafeError(CafeErrorCode.DuplicateHost, `That person already hosts ${other.name}.`, {
      tableId: other.id,
      participantId: hostId,
    });
  }
}

/**
 * Adds `table` (last); its host, if any, is seated there.
 *
 * @throws CafeError `duplicate-host` when the host already hosts another table; nothing is written.
 */
export function addCafeTable(doc: Y.Doc, table: CafeTable): CafeTable {
  const state = readCafe(doc);
  if (table.hostId !== null) checkCanHost(state, table.hostId, null);
  doc.transact(() => {
    writeTable(doc, table);
    if (table.hostId !== null) seatHost(doc, state, table.hostId, table.id);
  });
  return table;
}

/** The fields of a table a facilitator may change; `undefined` leaves one as it is. */
export interface CafeTablePatch {
  readonly name?: string | undefined;
  /** `null` or `""`: no question of its own. */
  readonly question?: string | null | undefined;
  readonly hostId?: string | null | undefined;
  readonly capacity?: number | null | undefined;
}

/**
 * Changes a table; a new host is seated at it (keeping their presence).
 *
 * @throws CafeError `unknown-table`, or `duplicate-host` when the new host hosts another table.
 */
export function updateCafeTable(doc: Y.Doc, tableId: string, patch: CafeTablePatch): CafeTable {
  const state = readCafe(doc);
  const current = findTable(state, tableId);
  const hostId = patch.hostId === undefined ? current.hostId : patch.hostId;
  const newHost = hostId !== null && hostId !== current.hostId ? hostId : null;
  if (newHost !== null) checkCanHost(state, newHost, tableId);
  const next: CafeTable = {
    ...current,
    name: patch.name ?? current.name,
    question:
      patch.question === undefined
        ? current.question
        : patch.question === ""
          ? null
          : patch.question,
    hostId,
    capacity: patch.capacity === undefined ? current.capacity : patch.capacity,
  };
  doc.transact(() => {
    writeTable(doc, next);
    if (newHost !== null) seatHost(doc, state, newHost, tableId);
  });
  return next;
}

/**
 * `participantId` becomes host of a table without one and is seated there. Volunteering again
 * for one's own table changes nothing.
 *
 * @throws CafeError `unknown-table`; `table-has-host` when someone else hosts it;
 *   `duplicate-host` when the volunteer hosts another table.
 */
export function volunteerAsHost(doc: Y.Doc, tableId: string, participantId: string): CafeTable {
  const state = readCafe(doc);
  const current = findTable(state, tableId);
  if (current.hostId === participantId) return current;
  if (current.hostId !== null) {
    throw new CafeError(CafeErrorCode.TableHasHost, "This table already has a host.", {
      tableId,
      participantId,
    });
  }
  const other = tableHostedBy(state, participantId);
  if (other) {
    throw new CafeError(CafeErrorCode.DuplicateHost, `You already host ${other.name}.`, {
      tableId: other.id,
      participantId,
    });
  }
  const next = { ...current, hostId: participantId };
  doc.transact(() => {
    writeTable(doc, next);
    seatHost(doc, state, participantId, tableId);
  });
  return next;
}

function findTable(state: CafeState, tableId: string): CafeTable {
  const table = state.tables.find((t) => t.id === tableId);
  if (!table) {
    throw new CafeError(CafeErrorCode.UnknownTable, "No such table in this café.", { tableId });
  }
  return table;
}

/** A host sits at their own table: seat them there (keeping their presence). */
function seatHost(doc: Y.Doc, state: CafeState, hostId: string, tableId: string): void {
  writeSeat(doc, hostId, { tableId, presence: state.seating[hostId]?.presence ?? "in-room" });
}

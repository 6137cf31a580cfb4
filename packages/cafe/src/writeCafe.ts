import { isValidDocName } from "@tablecloth/protocol";
import * as Y from "yjs";
import { CafeError, CafeErrorCode } from "./CafeError";
import {
  CAFE_MAPS,
  type CafeSettings,
  type CafeTable,
  type Presence,
  ROUND_STATE_KEY,
  type Seat,
} from "./cafeDocLayout";
import { isPresence, parseRoundState, parseStoredSeat } from "./parseCafeValues";
import type { RoundState } from "./RoundState";
import { assignTableSlots, readTableSlots, type TableSlots } from "./tableSlots";

/**
 * Writers for the café's control doc. Each validates what it writes (throwing a `CafeError`, so
 * bad data never reaches other clients), runs in one transaction, and sets only the keys that
 * change, so concurrent edits by another facilitator to other keys survive. Writers of tables
 * and seats first give a slot to every table without one (`assignTableSlots`), so a café from
 * before slots moves to the compact layout the next time it is written.
 */

/** Updates the given settings; others are left as they are. */
export function writeSettings(doc: Y.Doc, patch: Partial<CafeSettings>): void {
  const { questions, roundCount, roundLengthMs, freeMovement } = patch;
  if (questions !== undefined && !questions.every((q) => typeof q === "string")) {
    throw invalid("questions must be strings");
  }
  if (roundCount !== undefined && !(Number.isInteger(roundCount) && roundCount >= 1)) {
    throw invalid(`roundCount ${roundCount} is not a whole number of at least 1`);
  }
  if (roundLengthMs !== undefined && !(Number.isFinite(roundLengthMs) && roundLengthMs > 0)) {
    throw invalid(`roundLengthMs ${roundLengthMs} is not a positive duration`);
  }
  const map = doc.getMap<unknown>(CAFE_MAPS.settings);
  doc.transact(() => {
    if (questions !== undefined) map.set("questions", [...questions]);
    setIfChanged(map, "roundCount", roundCount);
    setIfChanged(map, "roundLengthMs", roundLengthMs);
    setIfChanged(map, "freeMovement", freeMovement);
  });
}

/**
 * Makes the doc's tables exactly `tables`, in that order: new ones are added, changed fields
 * updated, missing ones removed (and the people seated there unseated).
 */
export function writeTables(doc: Y.Doc, tables: readonly CafeTable[]): void {
  const ids = new Set<string>();
  for (const table of tables) {
    checkTable(table);
    if (ids.has(table.id)) {
      throw new CafeError(CafeErrorCode.DuplicateTable, `Two tables have the id "${table.id}"`, {
        tableId: table.id,
      });
    }
    ids.add(table.id);
  }
  const map = doc.getMap<unknown>(CAFE_MAPS.tables);
  doc.transact(() => {
    for (const id of [...map.keys()]) if (!ids.has(id)) deleteTable(doc, id);
    tables.forEach((table, order) => {
      upsertTable(map, table, order);
    });
    assignTableSlots(doc);
  });
}

/** Adds or updates one table; a new table goes last. */
export function writeTable(doc: Y.Doc, table: CafeTable): void {
  checkTable(table);
  const map = doc.getMap<unknown>(CAFE_MAPS.tables);
  doc.transact(() => {
    const existing = map.get(table.id);
    let order = existing instanceof Y.Map ? existing.get("order") : undefined;
    if (typeof order !== "number") {
      order = 0;
      map.forEach((value) => {
        const o = value instanceof Y.Map ? value.get("order") : undefined;
        if (typeof o === "number" && o >= (order as number)) order = o + 1;
      });
    }
    upsertTable(map, table, order as number);
    assignTableSlots(doc);
  });
}

/** Removes a table and unseats the people who sat there. Its slot is never given again. */
export function removeTable(doc: Y.Doc, tableId: string): void {
  doc.transact(() => deleteTable(doc, tableId));
}

/**
 * Seats (or moves, or changes the presence of) one person; `null` removes them (they left).
 * Writes the compact layout: the table's slot in `cafe.seating` and the presence in
 * `cafe.presence`, each only when it changes (a seat still in an older layout is rewritten).
 */
export function writeSeat(doc: Y.Doc, participantId: string, seat: Seat | null): void {
  const seating = doc.getMap<unknown>(CAFE_MAPS.seating);
  const presence = doc.getMap<unknown>(CAFE_MAPS.presence);
  if (seat === null) {
    doc.transact(() => {
      seating.delete(participantId);
      presence.delete(participantId);
    });
    return;
  }
  if (participantId.length === 0) throw invalid("a participant id cannot be empty");
  if (!isPresence(seat.presence)) throw invalid(`presence "${String(seat.presence)}" is unknown`);
  const { tableId } = seat;
  if (tableId !== null && !readTableSlots(doc).tableIds.has(tableId)) {
    throw new CafeError(CafeErrorCode.UnknownTable, `There is no table "${tableId}"`, {
      tableId,
      participantId,
    });
  }
  doc.transact(() => {
    const value = tableId === null ? null : slotOf(assignTableSlots(doc), tableId);
    // `get` is undefined for someone not in the café yet, so they are always added.
    if (seating.get(participantId) !== value) seating.set(participantId, value);
    if (presence.get(participantId) !== seat.presence) presence.set(participantId, seat.presence);
  });
}

/**
 * Changes the presence of someone already in the café, touching only `cafe.presence` (their seat
 * is not rewritten). Nothing is written when it is unchanged.
 *
 * @throws CafeError `unknown-participant` for someone not in the café (seat them instead).
 */
export function writePresence(doc: Y.Doc, participantId: string, presence: Presence): void {
  if (!isPresence(presence)) throw invalid(`presence "${String(presence)}" is unknown`);
  if (!doc.getMap<unknown>(CAFE_MAPS.seating).has(participantId)) {
    throw new CafeError(CafeErrorCode.UnknownParticipant, `"${participantId}" is not in the café`, {
      participantId,
    });
  }
  const map = doc.getMap<unknown>(CAFE_MAPS.presence);
  if (map.get(participantId) !== presence) map.set(participantId, presence);
}

/** Replaces the round state (use the pure transitions of `RoundState` to compute it). */
export function writeRound(doc: Y.Doc, state: RoundState): void {
  const clean = parseRoundState(state);
  if (clean === null) throw invalid("malformed round state");
  doc.getMap<unknown>(CAFE_MAPS.round).set(ROUND_STATE_KEY, clean);
}

function checkTable(table: CafeTable): void {
  const where = { tableId: table.id };
  if (typeof table.id !== "string" || table.id.length === 0) {
    throw new CafeError(CafeErrorCode.InvalidTableId, "A table needs an id");
  }
  if (typeof table.name !== "string") throw invalid(`table "${table.id}" needs a name`, where);
  if (table.docName !== null && !isValidDocName(table.docName)) {
    throw invalid(`table "${table.id}": "${table.docName}" is not a valid doc name`, where);
  }
  if (table.capacity !== null && !(Number.isInteger(table.capacity) && table.capacity >= 1)) {
    throw new CafeError(
      CafeErrorCode.InvalidCapacity,
      `Table "${table.id}" has capacity ${table.capacity}; it must be a whole number of at least 1`,
      where,
    );
  }
}

function upsertTable(map: Y.Map<unknown>, table: CafeTable, order: number): void {
  let fields = map.get(table.id);
  if (!(fields instanceof Y.Map)) {
    fields = new Y.Map<unknown>();
    map.set(table.id, fields);
  }
  const target = fields as Y.Map<unknown>;
  setIfChanged(target, "name", table.name);
  setIfChanged(target, "question", table.question);
  setIfChanged(target, "hostId", table.hostId);
  setIfChanged(target, "boardId", table.boardId);
  setIfChanged(target, "docName", table.docName);
  setIfChanged(target, "capacity", table.capacity);
  setIfChanged(target, "order", order);
}

/**
 * Removes a table and unseats its people, whichever layout their seat is stored in. A person
 * whose original object seat carried their presence keeps it in `cafe.presence`.
 */
function deleteTable(doc: Y.Doc, tableId: string): void {
  const slot = readTableSlots(doc).slotByTable.get(tableId);
  doc.getMap<unknown>(CAFE_MAPS.tables).delete(tableId);
  const seating = doc.getMap<unknown>(CAFE_MAPS.seating);
  const presence = doc.getMap<unknown>(CAFE_MAPS.presence);
  seating.forEach((value, participantId) => {
    const stored = parseStoredSeat(value);
    if (stored === null || stored.at === null) return;
    if (stored.at !== tableId && (slot === undefined || stored.at !== slot)) return;
    seating.set(participantId, null);
    if (stored.presence !== null && !isPresence(presence.get(participantId))) {
      presence.set(participantId, stored.presence);
    }
  });
}

/** The slot of a table known to exist (after `assignTableSlots`). */
function slotOf(slots: TableSlots, tableId: string): number {
  const slot = slots.slotByTable.get(tableId);
  if (slot === undefined) {
    throw new CafeError(CafeErrorCode.UnknownTable, `There is no table "${tableId}"`, { tableId });
  }
  return slot;
}

function setIfChanged(map: Y.Map<unknown>, key: string, value: unknown): void {
  if (value !== undefined && map.get(key) !== value) map.set(key, value);
}

function invalid(message: string, details: { tableId?: string } = {}): CafeError {
  return new CafeError(CafeErrorCode.InvalidValue, message, details);
}

import * as Y from "yjs";
import {
  CAFE_KEYS,
  CAFE_MAPS,
  type CafeSettings,
  type CafeState,
  type CafeTable,
  DEFAULT_CAFE_SETTINGS,
  type Presence,
  ROUND_STATE_KEY,
  type RoundSeating,
  type Seat,
} from "./cafeDocLayout";
import {
  isPresence,
  type ParsedTable,
  parseRoundSeating,
  parseRoundState,
  parseStoredSeat,
  parseTable,
  type StoredSeat,
} from "./parseCafeValues";
import { NOT_STARTED } from "./RoundState";
import { indexTableSlots, type SlotClaim, tableOfSeat } from "./tableSlots";

/**
 * Reads the café from the control doc. Never throws on content: a malformed value is skipped or
 * replaced by its default, and listed in `problems`. A seat at a table that no longer exists (or
 * a slot no table holds) reads as "not seated", so the next rotation seats that person. Seats in
 * every stored layout read the same (see `cafeDocLayout.ts`).
 */
export function readCafe(doc: Y.Doc): CafeState {
  const problems: string[] = [];
  const settings = readSettings(doc.getMap<unknown>(CAFE_MAPS.settings), problems);

  const parsed: ParsedTable[] = [];
  const claims: SlotClaim[] = [];
  doc.getMap<unknown>(CAFE_MAPS.tables).forEach((value, id) => {
    const fields = value instanceof Y.Map ? fieldsOf(value) : null;
    const table = fields === null ? null : parseTable(id, fields);
    if (fields === null || table === null) problems.push(`table "${id}": malformed, skipped`);
    else {
      parsed.push(table);
      problems.push(...table.problems);
      claims.push({ id, order: table.order, slot: fields.get(CAFE_KEYS.slot) });
    }
  });
  parsed.sort((a, b) => a.order - b.order || (a.table.id < b.table.id ? -1 : 1));
  const tables: CafeTable[] = parsed.map((p) => p.table);
  const slots = indexTableSlots(claims);
  problems.push(...slots.problems);

  const seating: Record<string, Seat> = {};
  const presenceMap = doc.getMap<unknown>(CAFE_MAPS.presence);
  doc.getMap<unknown>(CAFE_MAPS.seating).forEach((value, participantId) => {
    const stored = parseStoredSeat(value);
    if (stored === null) {
      problems.push(`seat of "${participantId}": malformed, skipped`);
      return;
    }
    const presence = readPresence(presenceMap.get(participantId), stored, participantId, problems);
    const tableId = tableOfSeat(stored.at, slots);
    if (tableId === undefined) {
      const what = typeof stored.at === "number" ? "slot" : "table";
      problems.push(`seat of "${participantId}": unknown ${what} "${stored.at}", unseated`);
    }
    seating[participantId] = { tableId: tableId ?? null, presence };
  });

  const rawRound = doc.getMap<unknown>(CAFE_MAPS.round).get(ROUND_STATE_KEY);
  let round = rawRound === undefined ? NOT_STARTED : parseRoundState(rawRound);
  if (round === null) {
    problems.push("round state: malformed, read as not started");
    round = NOT_STARTED;
  }

  // Legacy: control docs from before the rounds doc kept past rounds here.
  const history: RoundSeating[] = [];
  doc.getMap<unknown>(CAFE_MAPS.history).forEach((value, key) => {
    const entry = parseRoundSeating(value);
    if (entry === null) problems.push(`history "${key}": malformed, skipped`);
    else history.push(entry);
  });
  history.sort((a, b) => a.round - b.round);

  return { settings, tables, seating, round, history, problems };
}

/**
 * Someone's presence: their `cafe.presence` entry, else what an original object seat carried,
 * else "in-room" (listed: every writer of a compact seat also writes presence).
 */
function readPresence(
  entry: unknown,
  stored: StoredSeat,
  participantId: string,
  problems: string[],
): Presence {
  if (isPresence(entry)) return entry;
  if (entry !== undefined) problems.push(`presence of "${participantId}": malformed, ignored`);
  if (stored.presence !== null) return stored.presence;
  problems.push(`presence of "${participantId}": missing, read as in-room`);
  return "in-room";
}

function fieldsOf(map: Y.Map<unknown>): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  map.forEach((value, key) => {
    fields.set(key, value);
  });
  return fields;
}

function readSettings(map: Y.Map<unknown>, problems: string[]): CafeSettings {
  const pick = <T>(key: string, valid: (v: unknown) => v is T, fallback: T): T => {
    const value = map.get(key);
    if (value === undefined) return fallback;
    if (valid(value)) return value;
    problems.push(`settings.${key}: malformed, default used`);
    return fallback;
  };
  return {
    questions: pick("questions", isStringArray, DEFAULT_CAFE_SETTINGS.questions),
    roundCount: pick("roundCount", isPositiveInteger, DEFAULT_CAFE_SETTINGS.roundCount),
    roundLengthMs: pick("roundLengthMs", isPositiveNumber, DEFAULT_CAFE_SETTINGS.roundLengthMs),
    freeMovement: pick("freeMovement", isBoolean, DEFAULT_CAFE_SETTINGS.freeMovement),
  };
}

function isStringArray(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1;
}

function isPositiveNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value > 0;
}

function isBoolean(value: unknown): value is boolean {
  return typeof value === "boolean";
}

import * as Y from "yjs";
import {
  CAFE_MAPS,
  type CafeSettings,
  type CafeState,
  type CafeTable,
  DEFAULT_CAFE_SETTINGS,
  ROUND_STATE_KEY,
  type RoundSeating,
  type Seat,
} from "./cafeDocLayout";
import {
  type ParsedTable,
  parseRoundSeating,
  parseRoundState,
  parseSeat,
  parseTable,
} from "./parseCafeValues";
import { NOT_STARTED } from "./RoundState";

/**
 * Reads the café from the control doc. Never throws on content: a malformed value is skipped or
 * replaced by its default, and listed in `problems`. A seat at a table that no longer exists reads
 * as "not seated" (so the next rotation seats that person).
 */
export function readCafe(doc: Y.Doc): CafeState {
  const problems: string[] = [];
  const settings = readSettings(doc.getMap<unknown>(CAFE_MAPS.settings), problems);

  const parsed: ParsedTable[] = [];
  doc.getMap<unknown>(CAFE_MAPS.tables).forEach((value, id) => {
    const table = value instanceof Y.Map ? parseTable(id, fieldsOf(value)) : null;
    if (table === null) problems.push(`table "${id}": malformed, skipped`);
    else {
      parsed.push(table);
      problems.push(...table.problems);
    }
  });
  parsed.sort((a, b) => a.order - b.order || (a.table.id < b.table.id ? -1 : 1));
  const tables: CafeTable[] = parsed.map((p) => p.table);
  const tableIds = new Set(tables.map((t) => t.id));

  const seating: Record<string, Seat> = {};
  doc.getMap<unknown>(CAFE_MAPS.seating).forEach((value, participantId) => {
    const seat = parseSeat(value);
    if (seat === null) {
      problems.push(`seat of "${participantId}": malformed, skipped`);
    } else if (seat.tableId !== null && !tableIds.has(seat.tableId)) {
      problems.push(`seat of "${participantId}": unknown table "${seat.tableId}", unseated`);
      seating[participantId] = { tableId: null, presence: seat.presence };
    } else {
      seating[participantId] = seat;
    }
  });

  const rawRound = doc.getMap<unknown>(CAFE_MAPS.round).get(ROUND_STATE_KEY);
  let round = rawRound === undefined ? NOT_STARTED : parseRoundState(rawRound);
  if (round === null) {
    problems.push("round state: malformed, read as not started");
    round = NOT_STARTED;
  }

  const history: RoundSeating[] = [];
  doc.getMap<unknown>(CAFE_MAPS.history).forEach((value, key) => {
    const entry = parseRoundSeating(value);
    if (entry === null) problems.push(`history "${key}": malformed, skipped`);
    else history.push(entry);
  });
  history.sort((a, b) => a.round - b.round);

  return { settings, tables, seating, round, history, problems };
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

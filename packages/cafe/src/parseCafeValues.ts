import { isValidDocName } from "@tablecloth/protocol";
import type { CafeTable, Presence, RoundSeating } from "./cafeDocLayout";
import type { RoundState } from "./RoundState";

/**
 * Validators for values read from the control doc. Anyone with write access (or an old client)
 * may have put anything there, so each returns `null` for a malformed value instead of throwing.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isTime(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function isDuration(value: unknown): value is number {
  return isTime(value) && value >= 0;
}

function isRound(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1;
}

/** A `RoundState`, or `null`. */
export function parseRoundState(value: unknown): RoundState | null {
  if (!isRecord(value)) return null;
  switch (value.phase) {
    case "not-started":
      return { phase: "not-started" };
    case "running":
      return isRound(value.round) && isTime(value.startedAt) && isDuration(value.durationMs)
        ? {
            phase: "running",
            round: value.round,
            startedAt: value.startedAt,
            durationMs: value.durationMs,
          }
        : null;
    case "paused":
      return isRound(value.round) && isDuration(value.remainingMs)
        ? { phase: "paused", round: value.round, remainingMs: value.remainingMs }
        : null;
    case "ended":
      return isRound(value.round) ? { phase: "ended", round: value.round } : null;
    default:
      return null;
  }
}

/** A `cafe.seating` value as stored, in any layout the café has used. */
export interface StoredSeat {
  /** A table's slot (current layout), a table id (older layouts), or `null`: not seated. */
  readonly at: number | string | null;
  /** The presence the original `{tableId, presence}` object carried; `null` for other layouts. */
  readonly presence: Presence | null;
}

/**
 * A seat as stored, or `null` when malformed. Accepts the current slot number or `null`, an
 * older table id string, and the original `{tableId, presence}` object.
 */
export function parseStoredSeat(value: unknown): StoredSeat | null {
  if (value === null) return { at: null, presence: null };
  if (typeof value === "number") {
    return Number.isInteger(value) && value >= 1 ? { at: value, presence: null } : null;
  }
  if (typeof value === "string") return value.length > 0 ? { at: value, presence: null } : null;
  if (!isRecord(value)) return null;
  const { tableId, presence } = value;
  if (tableId !== null && (typeof tableId !== "string" || tableId.length === 0)) return null;
  if (!isPresence(presence)) return null;
  return { at: tableId, presence };
}

export function isPresence(value: unknown): value is Presence {
  return value === "in-room" || value === "remote";
}

/** A past round's seating, or `null`; seats that are not strings are dropped. */
export function parseRoundSeating(value: unknown): RoundSeating | null {
  if (!isRecord(value)) return null;
  const { round, seating } = value;
  if (typeof round !== "number" || !Number.isInteger(round) || round < 0) return null;
  if (!isRecord(seating)) return null;
  const clean: Record<string, string> = {};
  for (const [participantId, tableId] of Object.entries(seating)) {
    if (typeof tableId === "string" && tableId.length > 0) clean[participantId] = tableId;
  }
  return { round, seating: clean };
}

/** A table's fields as stored (without `id`), plus the problems found in optional fields. */
export interface ParsedTable {
  readonly table: CafeTable;
  readonly order: number;
  readonly problems: readonly string[];
}

/**
 * A table from its stored fields. `null` when there is no usable name; a malformed optional field
 * becomes `null` and is reported.
 */
/**
 * Whether an entry of `cafe.tables` is a table at all (a non-empty id and a name): the one test
 * `readCafe` and the seat writers (`readTableSlots`) share, so both see the same tables.
 */
export function isTableEntry(id: string, name: unknown): name is string {
  return id.length > 0 && typeof name === "string";
}

/** A table's display order; 0 when missing or malformed. */
export function parseTableOrder(raw: unknown): number {
  return typeof raw === "number" && Number.isFinite(raw) ? raw : 0;
}

export function parseTable(id: string, fields: ReadonlyMap<string, unknown>): ParsedTable | null {
  const name = fields.get("name");
  if (!isTableEntry(id, name)) return null;
  const problems: string[] = [];
  const optionalString = (key: string, valid: (s: string) => boolean = () => true) => {
    const value = fields.get(key);
    if (value === undefined || value === null) return null;
    if (typeof value === "string" && valid(value)) return value;
    problems.push(`table "${id}": malformed ${key}`);
    return null;
  };
  const rawCapacity = fields.get("capacity");
  let capacity: number | null = null;
  if (typeof rawCapacity === "number" && Number.isInteger(rawCapacity) && rawCapacity >= 1) {
    capacity = rawCapacity;
  } else if (rawCapacity !== undefined && rawCapacity !== null) {
    problems.push(`table "${id}": malformed capacity`);
  }
  const order = parseTableOrder(fields.get("order"));
  return {
    table: {
      id,
      name,
      question: optionalString("question"),
      hostId: optionalString("hostId", (s) => s.length > 0),
      boardId: optionalString("boardId", (s) => s.length > 0),
      docName: optionalString("docName", isValidDocName),
      capacity,
    },
    order,
    problems,
  };
}

import type * as Y from "yjs";
import { OPEN_SPACE_MAPS, OPEN_SPACE_META_KEYS } from "./openSpaceDocLayout";
import {
  type AnnouncementQueue,
  EMPTY_OPEN_SPACE,
  OPEN_SPACE_PHASES,
  type OpenSpacePhase,
  type OpenSpaceState,
  type Report,
  type Session,
  type Slot,
  type Space,
  type Whereabouts,
} from "./openSpaceTypes";

/** The state, and what was malformed and skipped (for logs; empty when all is well). */
export interface OpenSpaceRead {
  readonly state: OpenSpaceState;
  readonly problems: readonly string[];
}

const isString = (v: unknown): v is string => typeof v === "string";
const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === "string";
const isNumberOrNull = (v: unknown): v is number | null => v === null || typeof v === "number";
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);

function isSpace(v: unknown): v is Space {
  return isObject(v) && isString(v.id) && isString(v.name);
}

function isSlot(v: unknown): v is Slot {
  return (
    isObject(v) &&
    isString(v.id) &&
    isString(v.label) &&
    isNumberOrNull(v.startsAt) &&
    isNumberOrNull(v.endsAt)
  );
}

function isSession(v: unknown): v is Session {
  return (
    isObject(v) &&
    isString(v.id) &&
    isString(v.title) &&
    isString(v.description) &&
    Array.isArray(v.conveners) &&
    v.conveners.every((c) => isObject(c) && isString(c.id) && isString(c.name)) &&
    isString(v.spaceId) &&
    isString(v.slotId) &&
    isStringOrNull(v.boardId) &&
    isStringOrNull(v.docName) &&
    isNumberOrNull(v.capacity) &&
    Array.isArray(v.merged) &&
    typeof v.postedAt === "number"
  );
}

function isWhereabouts(v: unknown): v is Whereabouts {
  return (
    isObject(v) &&
    isStringOrNull(v.sessionId) &&
    isStringArray(v.visited) &&
    (v.name === undefined || isString(v.name))
  );
}

function isReport(v: unknown): v is Report {
  return (
    isObject(v) &&
    isString(v.summary) &&
    isString(v.keyPoints) &&
    isString(v.nextSteps) &&
    isString(v.authorId) &&
    isString(v.authorName) &&
    typeof v.filedAt === "number"
  );
}

function isQueue(v: unknown): v is AnnouncementQueue {
  return isObject(v) && isStringOrNull(v.speaking) && isStringArray(v.waiting);
}

/** The four maps of per-key entries (`openSpaceDocLayout`). */
export type OpenSpaceEntryMap = "sessions" | "signUps" | "where" | "reports";

/** What is read from `os.meta`, and what was malformed there. */
export interface OpenSpaceMetaRead {
  readonly meta: Pick<OpenSpaceState, "phase" | "spaces" | "slots" | "queue" | "closingBoard">;
  /** Problems of the `spaces` and `slots` lists, in that order. */
  readonly problems: readonly string[];
}

/** One map's valid entries (the doc's own objects, in the map's order) and its problems. */
export interface OpenSpaceEntriesRead<T> {
  readonly entries: Record<string, T>;
  readonly problems: readonly string[];
}

const ENTRY_CHECKS = {
  sessions: isSession,
  signUps: isStringArray,
  where: isWhereabouts,
  reports: isReport,
} as const satisfies Record<OpenSpaceEntryMap, (v: unknown) => boolean>;

/** The value type of each entry map. */
export interface OpenSpaceEntryTypes {
  sessions: Session;
  signUps: string[];
  where: Whereabouts;
  reports: Report;
}

/** Whether `value` is a valid entry of `map` under `key` (a session's id must be its key). */
export function isOpenSpaceEntry<M extends OpenSpaceEntryMap>(
  map: M,
  key: string,
  value: unknown,
): value is OpenSpaceEntryTypes[M] {
  if (!ENTRY_CHECKS[map](value)) return false;
  return map !== "sessions" || (value as Session).id === key;
}

/**
 * One entry of an entry map, validated as `readOpenSpace` validates it: undefined when it is
 * missing or malformed (a whole read skips it then). O(1): a move needs only the target session
 * and the mover's own whereabouts, not everyone's.
 */
export function readOpenSpaceEntry<M extends OpenSpaceEntryMap>(
  doc: Y.Doc,
  map: M,
  key: string,
): OpenSpaceEntryTypes[M] | undefined {
  const value = doc.getMap<unknown>(OPEN_SPACE_MAPS[map]).get(key);
  return isOpenSpaceEntry(map, key, value) ? value : undefined;
}

/** Reads `os.meta`: the phase, the grid, the queue and the closing board. */
export function readOpenSpaceMeta(doc: Y.Doc): OpenSpaceMetaRead {
  const problems: string[] = [];
  const meta = doc.getMap<unknown>(OPEN_SPACE_MAPS.meta);
  const list = <T>(key: string, ok: (v: unknown) => v is T): T[] => {
    const value = meta.get(key);
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      problems.push(`${key}: not a list`);
      return [];
    }
    return value.filter(
      (item, i) => ok(item) || (problems.push(`${key}.${i}: malformed`) && false),
    );
  };
  const phaseValue = meta.get(OPEN_SPACE_META_KEYS.phase);
  const phase = OPEN_SPACE_PHASES.includes(phaseValue as OpenSpacePhase)
    ? (phaseValue as OpenSpacePhase)
    : EMPTY_OPEN_SPACE.phase;
  const queueValue = meta.get(OPEN_SPACE_META_KEYS.queue);
  const closingValue = meta.get(OPEN_SPACE_META_KEYS.closingBoard);
  const spaces = list(OPEN_SPACE_META_KEYS.spaces, isSpace);
  const slots = list(OPEN_SPACE_META_KEYS.slots, isSlot);
  return {
    meta: {
      phase,
      spaces,
      slots,
      queue: isQueue(queueValue) ? queueValue : EMPTY_OPEN_SPACE.queue,
      closingBoard:
        isObject(closingValue) && isString(closingValue.boardId) && isString(closingValue.docName)
          ? { boardId: closingValue.boardId, docName: closingValue.docName }
          : null,
    },
    problems,
  };
}

/** Reads one entry map whole, validating every value (a malformed one is skipped and named). */
export function readOpenSpaceEntries<M extends OpenSpaceEntryMap>(
  doc: Y.Doc,
  map: M,
): OpenSpaceEntriesRead<OpenSpaceEntryTypes[M]> {
  const name = OPEN_SPACE_MAPS[map];
  const problems: string[] = [];
  const entries: Record<string, OpenSpaceEntryTypes[M]> = {};
  const check = ENTRY_CHECKS[map] as (v: unknown) => boolean;
  const misnamed: string[] = [];
  doc.getMap<unknown>(name).forEach((value, key) => {
    if (!check(value)) problems.push(`${name}.${key}: malformed`);
    else if (map === "sessions" && (value as Session).id !== key) misnamed.push(key);
    else entries[key] = value as OpenSpaceEntryTypes[M];
  });
  for (const key of misnamed) problems.push(`${name}.${key}: id differs`);
  return { entries, problems };
}

/**
 * Reads the Open Space from a control doc, validating every value: a malformed entry is skipped
 * (and named in `problems`), so one bad write never breaks the wall for everyone. Values are the
 * doc's own objects (not copies), so `writeOpenSpace` can tell unchanged ones by identity.
 */
export function readOpenSpace(doc: Y.Doc): OpenSpaceRead {
  const sessions = readOpenSpaceEntries(doc, "sessions");
  const meta = readOpenSpaceMeta(doc);
  const signUps = readOpenSpaceEntries(doc, "signUps");
  const where = readOpenSpaceEntries(doc, "where");
  const reports = readOpenSpaceEntries(doc, "reports");
  return composeOpenSpaceRead(meta, sessions, signUps, where, reports);
}

/** The read of the whole Open Space from the reads of its parts (problems in `readOpenSpace` order). */
export function composeOpenSpaceRead(
  meta: OpenSpaceMetaRead,
  sessions: OpenSpaceEntriesRead<Session>,
  signUps: OpenSpaceEntriesRead<string[]>,
  where: OpenSpaceEntriesRead<Whereabouts>,
  reports: OpenSpaceEntriesRead<Report>,
): OpenSpaceRead {
  const problems = [
    ...sessions.problems,
    ...meta.problems,
    ...signUps.problems,
    ...where.problems,
    ...reports.problems,
  ];
  return {
    state: {
      phase: meta.meta.phase,
      spaces: meta.meta.spaces,
      slots: meta.meta.slots,
      sessions: sessions.entries,
      signUps: signUps.entries,
      whereabouts: where.entries,
      reports: reports.entries,
      queue: meta.meta.queue,
      closingBoard: meta.meta.closingBoard,
    },
    problems,
  };
}

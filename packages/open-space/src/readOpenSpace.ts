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

/**
 * Reads the Open Space from a control doc, validating every value: a malformed entry is skipped
 * (and named in `problems`), so one bad write never breaks the wall for everyone. Values are the
 * doc's own objects (not copies), so `writeOpenSpace` can tell unchanged ones by identity.
 */
export function readOpenSpace(doc: Y.Doc): OpenSpaceRead {
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
  const entries = <T>(name: string, ok: (v: unknown) => v is T): Record<string, T> => {
    const out: Record<string, T> = {};
    doc.getMap<unknown>(name).forEach((value, key) => {
      if (ok(value)) out[key] = value;
      else problems.push(`${name}.${key}: malformed`);
    });
    return out;
  };
  const sessions = entries(OPEN_SPACE_MAPS.sessions, isSession);
  for (const [key, session] of Object.entries(sessions)) {
    if (session.id !== key) {
      problems.push(`${OPEN_SPACE_MAPS.sessions}.${key}: id differs`);
      delete sessions[key];
    }
  }
  return {
    state: {
      phase,
      spaces: list(OPEN_SPACE_META_KEYS.spaces, isSpace),
      slots: list(OPEN_SPACE_META_KEYS.slots, isSlot),
      sessions,
      signUps: entries(OPEN_SPACE_MAPS.signUps, isStringArray),
      whereabouts: entries(OPEN_SPACE_MAPS.where, isWhereabouts),
      reports: entries(OPEN_SPACE_MAPS.reports, isReport),
      queue: isQueue(queueValue) ? queueValue : EMPTY_OPEN_SPACE.queue,
      closingBoard:
        isObject(closingValue) && isString(closingValue.boardId) && isString(closingValue.docName)
          ? { boardId: closingValue.boardId, docName: closingValue.docName }
          : null,
    },
    problems,
  };
}

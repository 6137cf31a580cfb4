import {
  type EventDetailsResponse,
  type Participant,
  ParticipantSchema,
} from "@tablecloth/protocol";
import { z } from "zod";

/** What this browser remembers about someone's place in one event. */
const EventSessionSchema = z.object({
  eventId: z.string(),
  token: z.string(),
  participant: ParticipantSchema,
  /** Epoch milliseconds. */
  expiresAt: z.number(),
});
export type EventSession = z.infer<typeof EventSessionSchema>;

const sessionKey = (eventId: string) => `tablecloth:session:${eventId}`;
const eventKey = (eventId: string) => `tablecloth:event:${eventId}`;

/** The storage the app uses; a parameter so tests can pass their own. */
type KeyValueStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

function defaultStorage(): KeyValueStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage blocked (private mode in some browsers): nothing is remembered
  }
}

export function saveSession(session: EventSession, storage = defaultStorage()): void {
  storage?.setItem(sessionKey(session.eventId), JSON.stringify(session));
}

/** The saved session for `eventId`, or null when there is none or it has expired. */
export function loadSession(
  eventId: string,
  storage = defaultStorage(),
  now = Date.now(),
): EventSession | null {
  const raw = storage?.getItem(sessionKey(eventId));
  if (!raw) return null;
  try {
    const parsed = EventSessionSchema.safeParse(JSON.parse(raw));
    if (!parsed.success || parsed.data.expiresAt <= now) return null;
    return parsed.data;
  } catch {
    return null;
  }
}

export function clearSession(eventId: string, storage = defaultStorage()): void {
  storage?.removeItem(sessionKey(eventId));
  storage?.removeItem(eventKey(eventId));
}

/**
 * The last event details seen, so a board can open from the offline cache when the network is
 * gone (the page needs the board's doc name before it can read IndexedDB).
 */
export function saveEventDetails(details: EventDetailsResponse, storage = defaultStorage()): void {
  storage?.setItem(eventKey(details.event.id), JSON.stringify(details));
}

export function loadEventDetails(
  eventId: string,
  storage = defaultStorage(),
): EventDetailsResponse | null {
  const raw = storage?.getItem(eventKey(eventId));
  if (!raw) return null;
  try {
    return JSON.parse(raw) as EventDetailsResponse;
  } catch {
    return null;
  }
}

/** True when this person may change boards (observers only watch). */
export function canEditBoards(participant: Participant): boolean {
  return participant.role !== "observer";
}

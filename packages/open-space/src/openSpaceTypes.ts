/**
 * The Open Space of one event as plain, immutable data: the marketplace grid, the sessions posted
 * into it, everyone's schedule, who is where now, the news room's reports, the announcement queue
 * and the phase. Every rule (`setGrid`, `postSession`, `moveSession`, …) takes a state and returns
 * the next one, or throws an `OpenSpaceError` and changes nothing.
 */

/** Where the gathering is: the opening circle, the marketplace, sessions, the closing circle. */
export type OpenSpacePhase = "opening" | "marketplace" | "sessions" | "closing";

export const OPEN_SPACE_PHASES: readonly OpenSpacePhase[] = [
  "opening",
  "marketplace",
  "sessions",
  "closing",
];

/** A room, corner or breakout: one column of the wall. */
export interface Space {
  readonly id: string;
  readonly name: string;
}

/** A time slot: one row of the wall. Times are epoch ms, or null when the slot is just a label. */
export interface Slot {
  readonly id: string;
  readonly label: string;
  readonly startsAt: number | null;
  readonly endsAt: number | null;
}

/** Someone who convenes a session (the name is the server's, from their token, at posting). */
export interface Convener {
  readonly id: string;
  readonly name: string;
}

/** A session merged into another: its title and board stay in the proceedings. */
export interface MergedSession {
  readonly id: string;
  readonly title: string;
  readonly boardId: string | null;
  readonly docName: string | null;
}

export interface Session {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** The first is the one who posted it; a merge adds the other session's conveners. */
  readonly conveners: readonly Convener[];
  readonly spaceId: string;
  readonly slotId: string;
  /** The session's own board; null for the moment between posting and its board being made. */
  readonly boardId: string | null;
  readonly docName: string | null;
  /** Most people who may sign up; null for no limit. */
  readonly capacity: number | null;
  /** Sessions merged into this one, oldest first. */
  readonly merged: readonly MergedSession[];
  readonly postedAt: number;
}

/** Where someone is now (the law of two feet) and how many sessions they have been to. */
export interface Whereabouts {
  /** The session they are at, or null: in the Open Space but at no session (a butterfly). */
  readonly sessionId: string | null;
  /** Distinct sessions visited, for telling bumblebees. */
  readonly visited: readonly string[];
  /**
   * Their display name as the server knows it (the mover's `Actor`, never the request), so every
   * page names who is where from the doc alone. Absent in entries written before names were kept.
   */
  readonly name?: string;
}

/** What the news room gets from a session: a short form (the board is attached by reference). */
export interface Report {
  readonly summary: string;
  readonly keyPoints: string;
  readonly nextSteps: string;
  readonly authorId: string;
  readonly authorName: string;
  readonly filedAt: number;
}

/** The marketplace run as a queue of spoken announcements. */
export interface AnnouncementQueue {
  /** The session whose convener is announcing now. */
  readonly speaking: string | null;
  /** Sessions waiting their turn, first first. */
  readonly waiting: readonly string[];
}

export interface OpenSpaceState {
  readonly phase: OpenSpacePhase;
  /** Columns, in display order. */
  readonly spaces: readonly Space[];
  /** Rows, in display order. */
  readonly slots: readonly Slot[];
  /** Session id → session. */
  readonly sessions: Readonly<Record<string, Session>>;
  /** Participant id → the session ids they signed up to (their schedule), in sign-up order. */
  readonly signUps: Readonly<Record<string, readonly string[]>>;
  /** Participant id → where they are now. */
  readonly whereabouts: Readonly<Record<string, Whereabouts>>;
  /** Session id → its report. */
  readonly reports: Readonly<Record<string, Report>>;
  readonly queue: AnnouncementQueue;
  /** The closing circle's board, once the facilitator opened it. */
  readonly closingBoard: { readonly boardId: string; readonly docName: string } | null;
}

/** Who is asking: the rules decide what conveners, facilitators and others may change. */
export interface Actor {
  readonly id: string;
  readonly name: string;
  /** Facilitators may change any session; participants their own; observers nothing. */
  readonly role: "facilitator" | "participant" | "observer";
}

export const EMPTY_OPEN_SPACE: OpenSpaceState = {
  phase: "opening",
  spaces: [],
  slots: [],
  sessions: {},
  signUps: {},
  whereabouts: {},
  reports: {},
  queue: { speaking: null, waiting: [] },
  closingBoard: null,
};

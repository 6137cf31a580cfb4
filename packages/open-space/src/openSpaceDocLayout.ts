/**
 * Where the Open Space lives in the event's control doc: top-level `Y.Map`s prefixed `os.`, so
 * the same doc can carry other formats' state. The server is the only writer (participants are
 * read-only on the control doc and change the Open Space through the API), and it serialises its
 * writes per event, so values are replaced whole: no two writers ever edit one value at once.
 * Every page follows this doc live; the wall, schedules and who-is-where view read it.
 *
 * - `os.meta`: `phase` (an `OpenSpacePhase`), `spaces` (`Space[]`, wall order), `slots`
 *   (`Slot[]`, wall order), `queue` (`AnnouncementQueue`), `closingBoard` (`{boardId, docName}`
 *   or null).
 * - `os.sessions`: session id → `Session` (a plain object).
 * - `os.signUps`: participant id → session ids (their schedule). One key per person, so signing
 *   up sends only that person's list.
 * - `os.where`: participant id → `Whereabouts` (with their name from the server), written when
 *   someone moves (law of two feet).
 * - `os.reports`: session id → `Report`.
 */
export const OPEN_SPACE_MAPS = {
  meta: "os.meta",
  sessions: "os.sessions",
  signUps: "os.signUps",
  where: "os.where",
  reports: "os.reports",
} as const;

/** Keys inside `os.meta`. */
export const OPEN_SPACE_META_KEYS = {
  phase: "phase",
  spaces: "spaces",
  slots: "slots",
  queue: "queue",
  closingBoard: "closingBoard",
} as const;

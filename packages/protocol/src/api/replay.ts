import { z } from "zod";

/**
 * Bodies and answers of a board's replay, restore and export (`/api/events/:eventId/boards/…`,
 * `/api/events/:eventId/export`). Facilitators only, except a participant's own pack.
 */

/** One accepted change of a board, as the replay view shows it. */
export const BoardHistoryEntrySchema = z.object({
  seq: z.int().min(1),
  /** Server time it was stored at, epoch ms. */
  at: z.number(),
  /** The author's participant id, `"system"` for the server, or `"anonymous"` in anonymous mode. */
  author: z.string(),
  /** The author's display name; null in anonymous mode or when nobody by that id exists. */
  authorName: z.string().nullable(),
  /** The café round the change was made in (0 for before, between or without rounds). */
  round: z.int().min(0),
});
export type BoardHistoryEntry = z.infer<typeof BoardHistoryEntrySchema>;

export const RoundSpanSchema = z.object({
  round: z.int().min(1),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
});
export type RoundSpan = z.infer<typeof RoundSpanSchema>;

/**
 * One stretch of a PATH session in one step (`@tablecloth/path` `PathStepSpan`): from entering
 * the step to entering the next; a revisited step has one per visit.
 */
export const PathStepSpanSchema = z.object({
  /** 1-based place of the stretch among the session's step changes. */
  visit: z.int().min(1),
  /** The step's id (`north-star` … `first-step`). */
  step: z.string(),
  /** The step's number, 1–8. */
  number: z.int().min(1).max(8),
  revisit: z.boolean(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
});
export type PathStepSpanBody = z.infer<typeof PathStepSpanSchema>;

/** `GET /api/events/:eventId/boards/:boardId/history[?anonymous=1]` (facilitator). */
export const BoardHistoryResponseSchema = z.object({
  boardId: z.string(),
  docName: z.string(),
  title: z.string(),
  anonymous: z.boolean(),
  rounds: z.array(RoundSpanSchema),
  /** A PATH board's steps as the session went through them (empty for every other board). */
  steps: z.array(PathStepSpanSchema).default([]),
  /** Everyone who changed the board, in order of their first change (empty when anonymous). */
  authors: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
  entries: z.array(BoardHistoryEntrySchema),
});
export type BoardHistoryResponse = z.infer<typeof BoardHistoryResponseSchema>;

/** `POST /api/events/:eventId/boards/:boardId/restore` (facilitator). */
export const RestoreBodySchema = z.object({
  /** The moment to bring back, epoch ms (server time): the board as it was then. */
  at: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  /**
   * When the facilitator asked, on the server's clock (the client's estimate): whatever anyone
   * changed from then on is kept. The server's own arrival time when absent or later.
   */
  began: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});
export type RestoreBody = z.infer<typeof RestoreBodySchema>;

export const RestoreResponseSchema = z.object({
  restoredTo: z.number(),
  /** Restoring this moment undoes the restore: the board just before it began. */
  undoAt: z.number(),
  /** Records written back, removed and added by the restore. */
  changed: z.int().min(0),
  removed: z.int().min(0),
  added: z.int().min(0),
  /** Records someone changed after the restore began, left as they are. */
  kept: z.int().min(0),
});
export type RestoreResponse = z.infer<typeof RestoreResponseSchema>;

/** One step of a board's replay: the records a moment of its history put and removed. */
export const BoardFrameSchema = z.object({
  /** The last log entry the moment holds (entries sharing a time are one moment). */
  seq: z.int().min(1),
  at: z.number(),
  /** Records as they are after this moment (new or changed), plain tldraw JSON. */
  put: z.array(z.record(z.string(), z.unknown())),
  /** Ids of records gone at this moment. */
  removed: z.array(z.string()),
});
export type BoardFrame = z.infer<typeof BoardFrameSchema>;

/** `GET /api/events/:eventId/boards/:boardId/history/frames` (facilitator). */
export const BoardFramesResponseSchema = z.object({
  boardId: z.string(),
  /** Frames in order; applied one after another from an empty board they give each moment. */
  frames: z.array(BoardFrameSchema),
  /** False when the history had more moments than frames allowed and some were merged. */
  everyChange: z.boolean(),
});
export type BoardFramesResponse = z.infer<typeof BoardFramesResponseSchema>;

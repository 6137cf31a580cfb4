import { z } from "zod";
import { BoardKindSchema } from "./boardKind";
import { FieldLimits } from "./fieldLimits";

/** A board as the API returns it. */
export const BoardSchema = z.object({
  id: z.string(),
  eventId: z.string(),
  kind: BoardKindSchema,
  title: z.string(),
  /** A café table's question; null when the board has none. */
  question: z.string().nullable(),
  /** Opaque, URL-safe name of the board's doc, for `/sync/:docName`. */
  docName: z.string(),
  /** Epoch milliseconds. */
  createdAt: z.number(),
});
export type Board = z.infer<typeof BoardSchema>;

/** `POST /api/events/:eventId/boards` body (facilitator). */
export const CreateBoardBodySchema = z.object({
  kind: BoardKindSchema,
  title: z.string().trim().min(1).max(FieldLimits.title),
  question: z.string().trim().max(FieldLimits.question).optional(),
});
export type CreateBoardBody = z.infer<typeof CreateBoardBodySchema>;

/** `POST /api/events/:eventId/boards` → 201. */
export const CreateBoardResponseSchema = z.object({ board: BoardSchema });
export type CreateBoardResponse = z.infer<typeof CreateBoardResponseSchema>;

/**
 * `PATCH /api/events/:eventId/boards/:boardId` body (facilitator): a new title and/or question;
 * `question: null` (or "") clears it.
 */
export const UpdateBoardBodySchema = z
  .object({
    title: z.string().trim().min(1).max(FieldLimits.title).optional(),
    question: z.string().trim().max(FieldLimits.question).nullable().optional(),
  })
  .refine((b) => b.title !== undefined || b.question !== undefined, {
    message: "give a title or a question",
  });
export type UpdateBoardBody = z.infer<typeof UpdateBoardBodySchema>;

/** `PATCH /api/events/:eventId/boards/:boardId` → 200. */
export const BoardResponseSchema = z.object({ board: BoardSchema });
export type BoardResponse = z.infer<typeof BoardResponseSchema>;

import {
  BoardFramesResponseSchema,
  BoardHistoryResponseSchema,
  type RestoreBody,
  RestoreResponseSchema,
} from "@tablecloth/protocol";
import { apiRequest } from "../api/apiRequest";

const boardPath = (eventId: string, boardId: string, rest: string) =>
  `/api/events/${encodeURIComponent(eventId)}/boards/${encodeURIComponent(boardId)}/${rest}`;

/** A board's replay and restore (facilitators; see server/API.md). */
export const replayApi = {
  history: (eventId: string, boardId: string, token: string, anonymous: boolean) =>
    apiRequest(boardPath(eventId, boardId, `history${anonymous ? "?anonymous=1" : ""}`), {
      token,
      schema: BoardHistoryResponseSchema,
    }),
  frames: (eventId: string, boardId: string, token: string) =>
    apiRequest(boardPath(eventId, boardId, "history/frames"), {
      token,
      schema: BoardFramesResponseSchema,
    }),
  restore: (eventId: string, boardId: string, body: RestoreBody, token: string) =>
    apiRequest(boardPath(eventId, boardId, "restore"), {
      method: "POST",
      body,
      token,
      schema: RestoreResponseSchema,
    }),
};

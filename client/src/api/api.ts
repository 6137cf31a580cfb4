import {
  type CreateBoardBody,
  CreateBoardResponseSchema,
  type CreateEventBody,
  CreateEventResponseSchema,
  EventDetailsResponseSchema,
  EventResponseSchema,
  type JoinBody,
  JoinResponseSchema,
  MeResponseSchema,
  ParticipantListResponseSchema,
} from "@tablecloth/protocol";
import { z } from "zod";
import { apiRequest } from "./apiRequest";

const ClientConfigSchema = z.object({ tldrawLicenseKey: z.string().nullable() });
export type ClientConfig = z.infer<typeof ClientConfigSchema>;

const UploadResultSchema = z.object({
  hash: z.string(),
  url: z.string(),
  type: z.string(),
  size: z.number(),
});
export type UploadResult = z.infer<typeof UploadResultSchema>;

/** Every API call the app makes, typed by the shared protocol schemas. */
export const api = {
  createEvent: (body: CreateEventBody, adminToken?: string) =>
    apiRequest("/api/events", {
      method: "POST",
      body,
      token: adminToken ?? null,
      schema: CreateEventResponseSchema,
    }),
  join: (body: JoinBody) =>
    apiRequest("/api/join", { method: "POST", body, schema: JoinResponseSchema }),
  me: (token: string) => apiRequest("/api/me", { token, schema: MeResponseSchema }),
  event: (eventId: string, token: string) =>
    apiRequest(`/api/events/${encodeURIComponent(eventId)}`, {
      token,
      schema: EventDetailsResponseSchema,
    }),
  participants: (eventId: string, token: string) =>
    apiRequest(`/api/events/${encodeURIComponent(eventId)}/participants`, {
      token,
      schema: ParticipantListResponseSchema,
    }),
  createBoard: (eventId: string, body: CreateBoardBody, token: string) =>
    apiRequest(`/api/events/${encodeURIComponent(eventId)}/boards`, {
      method: "POST",
      body,
      token,
      schema: CreateBoardResponseSchema,
    }),
  /** Facilitators: a new join code (the old one admits nobody new), joining open again. */
  rotateJoinCode: (eventId: string, token: string) =>
    apiRequest(`/api/events/${encodeURIComponent(eventId)}/join-code`, {
      method: "POST",
      token,
      schema: EventResponseSchema,
    }),
  /** Facilitators: nobody new may join until the code is rotated; people already in stay. */
  closeJoinCode: (eventId: string, token: string) =>
    apiRequest(`/api/events/${encodeURIComponent(eventId)}/join-code`, {
      method: "DELETE",
      token,
      schema: EventResponseSchema,
    }),
  config: () => apiRequest("/api/config", { schema: ClientConfigSchema }),
  /** Sends a file's bytes as they are (no base64); the server names it by its SHA-256. */
  upload: async (file: Blob, token: string, signal?: AbortSignal): Promise<UploadResult> => {
    const response = await fetch("/api/uploads", {
      method: "POST",
      body: file,
      headers: {
        Authorization: `Bearer ${token}`,
        "Content-Type": file.type || "application/octet-stream",
      },
      signal: signal ?? null,
    });
    if (!response.ok) {
      throw new Error(
        response.status === 413
          ? "That file is too big to add to the board."
          : response.status === 415
            ? "That kind of file can't be added to the board. Try a photo or picture."
            : "The file couldn't be added. Please try again.",
      );
    }
    return UploadResultSchema.parse(await response.json());
  },
};

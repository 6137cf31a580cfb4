import {
  type OpenSpaceCell,
  OpenSpaceCellTakenResponseSchema,
  type OpenSpaceGridBody,
  OpenSpaceGridResponseSchema,
  type OpenSpacePhase,
  type OpenSpacePostBody,
  type OpenSpaceReportBody,
  OpenSpaceSessionResponseSchema,
  type OpenSpaceUpdateSessionBody,
} from "@tablecloth/protocol";
import { z } from "zod";
import { ApiError } from "../api/ApiError";
import { apiRequest } from "../api/apiRequest";

const base = (eventId: string, rest = "") =>
  `/api/events/${encodeURIComponent(eventId)}/open-space${rest}`;
const session = (eventId: string, sessionId: string, rest = "") =>
  base(eventId, `/sessions/${encodeURIComponent(sessionId)}${rest}`);

const Anything = z.unknown();

/** A post's outcome: the session, or the cell was taken and these cells are free. */
export type PostOutcome =
  | { ok: true; sessionId: string }
  | { ok: false; message: string; freeCells: OpenSpaceCell[] };

/**
 * Posts a topic. A 409 `cell_taken` is not an error for the page: it answers with the free cells
 * the server offers, so the poster picks one instead of seeing an error page.
 */
async function post(eventId: string, body: OpenSpacePostBody, token: string): Promise<PostOutcome> {
  const response = await fetch(base(eventId, "/sessions"), {
    method: "POST",
    headers: {
      Accept: "application/json",
      "Content-Type": "application/json",
      Authorization: `Bearer ${token}`,
    },
    body: JSON.stringify(body),
  }).catch((cause: unknown) => {
    throw new ApiError("network", 0, cause instanceof Error ? cause.message : "network error");
  });
  const json: unknown = await response.json().catch(() => null);
  if (response.status === 409) {
    const taken = OpenSpaceCellTakenResponseSchema.safeParse(json);
    if (taken.success) {
      return {
        ok: false,
        message: taken.data.error.message,
        freeCells: taken.data.error.freeCells,
      };
    }
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(
      (error?.code as ApiError["code"]) ?? "internal",
      response.status,
      error?.message ?? `HTTP ${response.status}`,
    );
  }
  const parsed = OpenSpaceSessionResponseSchema.safeParse(json);
  if (!parsed.success) throw new ApiError("bad_response", response.status, parsed.error.message);
  return { ok: true, sessionId: parsed.data.session.id };
}

/** Every Open Space call the app makes (the state itself is read from the control doc). */
export const openSpaceApi = {
  setGrid: (eventId: string, body: OpenSpaceGridBody, token: string) =>
    apiRequest(base(eventId, "/grid"), {
      method: "PUT",
      body,
      token,
      schema: OpenSpaceGridResponseSchema,
    }),
  post,
  update: (eventId: string, sessionId: string, body: OpenSpaceUpdateSessionBody, token: string) =>
    apiRequest(session(eventId, sessionId), { method: "PATCH", body, token, schema: Anything }),
  merge: (eventId: string, intoId: string, fromId: string, token: string) =>
    apiRequest(session(eventId, intoId, "/merge"), {
      method: "POST",
      body: { from: fromId },
      token,
      schema: Anything,
    }),
  signUp: (eventId: string, sessionId: string, on: boolean, token: string) =>
    apiRequest(session(eventId, sessionId, "/signup"), {
      method: on ? "PUT" : "DELETE",
      token,
      schema: Anything,
    }),
  /** The session card's QR code (conveners and facilitators), for `useAuthorizedImage`. */
  sessionQrPath: (eventId: string, sessionId: string) => session(eventId, sessionId, "/qr.svg"),
  goTo: (eventId: string, sessionId: string | null, token: string) =>
    apiRequest(base(eventId, "/where"), {
      method: "PUT",
      body: { sessionId },
      token,
      schema: Anything,
    }),
  report: (eventId: string, sessionId: string, body: OpenSpaceReportBody, token: string) =>
    apiRequest(session(eventId, sessionId, "/report"), {
      method: "PUT",
      body,
      token,
      schema: Anything,
    }),
  queue: (
    eventId: string,
    body: { action: "join" | "leave"; sessionId: string } | { action: "next" },
    token: string,
  ) => apiRequest(base(eventId, "/queue"), { method: "POST", body, token, schema: Anything }),
  phase: (eventId: string, phase: OpenSpacePhase, token: string) =>
    apiRequest(base(eventId, "/phase"), {
      method: "PUT",
      body: { phase },
      token,
      schema: Anything,
    }),
  openClosing: (eventId: string, token: string) =>
    apiRequest(base(eventId, "/closing"), { method: "POST", token, schema: Anything }),
};

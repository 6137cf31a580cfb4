import type { Context } from "hono";
import type { UploadAuthorization } from "../uploads/createUploadRoutes";
import type { CallerGate } from "./CallerGate";

/**
 * The `authorize` of `createUploadRoutes`: a valid bearer token of someone still in their event
 * who may write boards (facilitators and participants); the upload is theirs and their event's.
 * Observers are read-only: 403.
 */
export function createUploadAuthorizer(
  gate: CallerGate,
): (c: Context) => Promise<UploadAuthorization> {
  return async (c) => {
    const auth = await gate.authentication(c);
    if (!auth.ok) return { ok: false, status: auth.failure === "forbidden" ? 403 : 401 };
    const { participant } = auth.caller;
    if (participant.role === "observer") return { ok: false, status: 403 };
    return { ok: true, eventId: participant.eventId, participantId: participant.id };
  };
}

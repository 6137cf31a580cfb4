import { z } from "zod";

/**
 * Letters and digits used in join and invite codes: no 0/O, 1/I/L or U, so a code read aloud or
 * from a projector cannot be mistyped. Codes are case-insensitive.
 */
export const JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
/** Length of an event's join code (30^6 ≈ 7·10^8 codes). */
export const JOIN_CODE_LENGTH = 6;
/** Length of a co-facilitator invite code: longer, because it grants the facilitator role. */
export const INVITE_CODE_LENGTH = 12;

/** Uppercases a typed code and drops spaces and dashes, so "abc-def" matches "ABCDEF". */
export function normalizeJoinCode(input: string): string {
  return input.replace(/[\s-]/g, "").toUpperCase();
}

/** The path of the join link for a code; the client serves it. */
export function joinPath(code: string): string {
  return `/j/${code}`;
}

/**
 * The join link printed as a café table's QR code: join with `code`, then land in the café of
 * `eventId` at `tableId` (the join page follows `next` within the event only).
 */
export function tableJoinPath(code: string, eventId: string, tableId: string): string {
  const next = `/e/${encodeURIComponent(eventId)}/cafe?table=${encodeURIComponent(tableId)}`;
  return `${joinPath(code)}?next=${encodeURIComponent(next)}`;
}

/**
 * The join link printed as an Open Space session's QR code: join with `code`, then land in the
 * Open Space of `eventId` at `sessionId` (the law of two feet: the page goes there by itself).
 */
export function openSpaceSessionJoinPath(code: string, eventId: string, sessionId: string): string {
  const next = `/e/${encodeURIComponent(eventId)}/open-space?session=${encodeURIComponent(sessionId)}`;
  return `${joinPath(code)}?next=${encodeURIComponent(next)}`;
}

/** A code as typed by a person: normalised, then checked against the alphabet. */
export const JoinCodeInputSchema = z
  .string()
  .max(64)
  .transform(normalizeJoinCode)
  .pipe(
    z
      .string()
      .regex(
        new RegExp(`^[${JOIN_CODE_ALPHABET}]+$`),
        "a join code uses letters and digits without 0, O, 1, I, L or U",
      )
      .refine((c) => c.length === JOIN_CODE_LENGTH || c.length === INVITE_CODE_LENGTH, {
        message: `a join code has ${JOIN_CODE_LENGTH} characters (an invite ${INVITE_CODE_LENGTH})`,
      }),
  );

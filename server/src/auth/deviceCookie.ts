import { createHmac } from "node:crypto";
import type { Context } from "hono";
import { getSignedCookie, setSignedCookie } from "hono/cookie";

/** Where the browser sends the device cookie: only to `POST /api/join`. */
export const DEVICE_COOKIE_PATH = "/api/join";

/** One cookie per event: `tc_device_<eventId>` (event ids are URL-safe, valid in cookie names). */
export function deviceCookieName(eventId: string): string {
  return `tc_device_${eventId}`;
}

/**
 * The key device cookies are signed with, derived from the token signing secret so that rotating
 * the secret also forgets every device, and so the two never share a key.
 */
export function deviceCookieKey(secret: Uint8Array): Uint8Array {
  return new Uint8Array(
    createHmac("sha256", secret).update("tablecloth device cookie v1").digest(),
  );
}

/**
 * Remembers in this browser who it is in `eventId`: a signed, HttpOnly, SameSite=Strict cookie
 * holding the participant id, sent back only to `POST /api/join`. A browser that joins the same
 * event again is given that participant back instead of minting a new identity.
 */
export async function rememberDevice(
  c: Context,
  key: Uint8Array,
  eventId: string,
  participantId: string,
  options: { maxAgeSeconds: number; secure: boolean },
): Promise<void> {
  await setSignedCookie(c, deviceCookieName(eventId), participantId, key, {
    path: DEVICE_COOKIE_PATH,
    httpOnly: true,
    sameSite: "Strict",
    secure: options.secure,
    maxAge: options.maxAgeSeconds,
  });
}

/** The participant id this browser's cookie names for `eventId`, or null (none, or forged). */
export async function rememberedParticipant(
  c: Context,
  key: Uint8Array,
  eventId: string,
): Promise<string | null> {
  const value = await getSignedCookie(c, key, deviceCookieName(eventId));
  return typeof value === "string" && value !== "" ? value : null;
}

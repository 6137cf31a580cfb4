import type { ParticipantRecord } from "../events/EventStore";
import type { MembershipCache } from "./MembershipCache";
import { type TokenClaims, TokenError, type TokenService } from "./TokenService";

/** Who a token belongs to, checked against the store (the role comes from the store). */
export interface Caller {
  claims: TokenClaims;
  participant: ParticipantRecord;
}

export type Authentication =
  | { ok: true; caller: Caller }
  | {
      ok: false;
      /** `unauthenticated`: 401 / 4401. `forbidden`: 403 / 4403 (a removed participant). */
      failure: "unauthenticated" | "forbidden";
      /** Why, safe to log. */
      reason: "missing" | "malformed" | "tampered" | "expired" | "unknown participant" | "removed";
    };

/**
 * Checks a bearer token: signature and expiry, then that its participant still exists in its
 * event and was not removed. Never throws for a bad token; store failures propagate.
 */
export async function authenticate(
  token: string | null,
  tokens: TokenService,
  membership: MembershipCache,
): Promise<Authentication> {
  if (token === null || token === "") {
    return { ok: false, failure: "unauthenticated", reason: "missing" };
  }
  let claims: TokenClaims;
  try {
    claims = await tokens.verify(token);
  } catch (error) {
    if (error instanceof TokenError) {
      return { ok: false, failure: "unauthenticated", reason: error.reason };
    }
    throw error;
  }
  const participant = await membership.participant(claims.participantId);
  if (!participant || participant.eventId !== claims.eventId) {
    return { ok: false, failure: "unauthenticated", reason: "unknown participant" };
  }
  if (participant.removedAt !== null) {
    return { ok: false, failure: "forbidden", reason: "removed" };
  }
  return { ok: true, caller: { claims, participant } };
}

/** The token of an `Authorization: Bearer …` header; null when absent or another scheme. */
export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

import { authenticate, bearerToken } from "./authenticate";
import type { MembershipCache } from "./MembershipCache";
import type { TokenService } from "./TokenService";

export type RequestAuthorization = { ok: true } | { ok: false; status: 401 | 403 };

/**
 * The `authorize` of `createUploadRoutes`: a valid bearer token of someone still in their event
 * who may write boards (facilitators and participants). Observers are read-only: 403.
 */
export function createUploadAuthorizer(
  tokens: TokenService,
  membership: MembershipCache,
): (request: Request) => Promise<RequestAuthorization> {
  return async (request) => {
    const auth = await authenticate(
      bearerToken(request.headers.get("Authorization")),
      tokens,
      membership,
    );
    if (!auth.ok) return { ok: false, status: auth.failure === "forbidden" ? 403 : 401 };
    return auth.caller.participant.role === "observer" ? { ok: false, status: 403 } : { ok: true };
  };
}

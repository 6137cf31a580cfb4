import { CloseCode } from "@tablecloth/protocol";
import type { Logger } from "@tablecloth/sync";
import type { DocAccess, DocAccessDecision } from "../DocAccess";
import { authenticate } from "./authenticate";
import type { MembershipCache } from "./MembershipCache";
import { canReadHistory, canWriteDoc } from "./permissions";
import type { RateLimiter } from "./RateLimiter";
import type { TokenService } from "./TokenService";

export interface EventDocAccessOptions {
  tokens: TokenService;
  membership: MembershipCache;
  logger: Logger;
  /** Per-participant limit on connections (and history reads); refusals close with 4529. */
  connectLimiter?: RateLimiter;
}

/**
 * Doc access from event tokens, asked at every WebSocket upgrade and history request:
 * 4401 for a missing, malformed, tampered or expired token (or one whose participant is unknown);
 * 4404 for a doc no event made; 4403 when the token's event does not own the doc or its
 * participant was removed. Read-only follows `permissions.ts`.
 */
export class EventDocAccess implements DocAccess {
  constructor(private readonly options: EventDocAccessOptions) {}

  async decide(docName: string, token: string | null): Promise<DocAccessDecision> {
    const { tokens, membership, logger } = this.options;
    const auth = await authenticate(token, tokens, membership);
    if (!auth.ok) {
      logger.debug("doc access refused", { docName, reason: auth.reason });
      return {
        ok: false,
        code: auth.failure === "forbidden" ? CloseCode.Forbidden : CloseCode.Unauthenticated,
      };
    }
    const { participant } = auth.caller;
    if (this.options.connectLimiter && !this.options.connectLimiter.take(participant.id).ok) {
      logger.info("doc access refused", {
        docName,
        participantId: participant.id,
        reason: "connection rate",
      });
      return { ok: false, code: CloseCode.RateLimited };
    }
    const owner = await membership.docOwner(docName);
    if (!owner) return { ok: false, code: CloseCode.DocNotFound };
    if (owner.eventId !== participant.eventId) {
      logger.info("doc access refused", {
        docName,
        participantId: participant.id,
        reason: "another event's doc",
      });
      return { ok: false, code: CloseCode.Forbidden };
    }
    return {
      ok: true,
      context: {
        userId: participant.id,
        // Stamped into every awareness state of this connection (`user.name`, `user.role`).
        name: participant.name,
        role: participant.role,
        readOnly: !canWriteDoc(participant.role, owner.kind),
      },
      canReadHistory: canReadHistory(participant.role),
    };
  }
}

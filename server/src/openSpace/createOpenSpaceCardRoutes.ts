import { readOpenSpace, requireMayChange, requireSession } from "@tablecloth/open-space";
import { openSpaceSessionJoinPath } from "@tablecloth/protocol";
import type { Logger } from "@tablecloth/sync";
import { Hono } from "hono";
import type { ApiConfig } from "../api/apiConfig";
import { apiErrorHandler } from "../api/apiErrorHandler";
import { publicOrigin } from "../api/publicOrigin";
import type { MembershipCache } from "../auth/MembershipCache";
import type { TokenService } from "../auth/TokenService";
import type { EventStore } from "../events/EventStore";
import type { SyncControl } from "../events/SyncControl";
import { qrCodeSvg } from "../http/qrCodeSvg";
import { openSpaceErrorToApi } from "./openSpaceErrorToApi";
import { requireOpenSpaceMember } from "./requireOpenSpaceMember";

export interface OpenSpaceCardRoutesDeps {
  eventStore: EventStore;
  tokens: TokenService;
  membership: MembershipCache;
  sync: SyncControl;
  logger: Logger;
  config: ApiConfig;
}

/**
 * The QR code of an Open Space session, for the card on its space's wall or chairs: someone who
 * has not joined scans it, types their name and lands in that session (the law of two feet
 * moves them there). For facilitators and the session's conveners; to mount at `/api`.
 */
export function createOpenSpaceCardRoutes(deps: OpenSpaceCardRoutesDeps): Hono {
  const { eventStore, tokens, membership, sync, logger, config } = deps;
  const member = { eventStore, tokens, membership };
  const app = new Hono();
  app.onError(apiErrorHandler(logger));

  app.get("/events/:eventId/open-space/sessions/:sessionId/qr.svg", async (c) => {
    const { actor, event } = await requireOpenSpaceMember(c, member, "contributor");
    const sessionId = c.req.param("sessionId");
    const state = await sync.read(event.controlDocName, (doc) => readOpenSpace(doc).state);
    let session: ReturnType<typeof requireSession>;
    try {
      session = requireSession(state, sessionId);
      // Who may change a session (its conveners, facilitators) may print its card.
      requireMayChange(session, actor);
    } catch (error) {
      throw openSpaceErrorToApi(error);
    }
    const origin = publicOrigin(c, config.publicUrl, config.trustProxy);
    const url = `${origin}${openSpaceSessionJoinPath(event.joinCode, event.id, session.id)}`;
    const svg = await qrCodeSvg(url);
    return c.body(svg, 200, {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control": "private, no-store",
    });
  });

  return app;
}

import type { Logger } from "@tablecloth/sync";
import { Hono } from "hono";
import { ApiError, forbidden } from "../api/ApiError";
import type { ApiConfig } from "../api/apiConfig";
import { apiErrorHandler } from "../api/apiErrorHandler";
import type { MembershipCache } from "../auth/MembershipCache";
import type { TokenService } from "../auth/TokenService";
import { parseAnonymous } from "../history/createHistoryRoutes";
import { requireEventRole } from "../history/requireEventRole";
import { boardsSatAt, buildEventExport, type ExportDeps } from "./buildEventExport";

export interface ExportRoutesDeps extends ExportDeps {
  tokens: TokenService;
  membership: MembershipCache;
  logger: Logger;
  config: ApiConfig;
}

/**
 * `GET /events/:eventId/export` (facilitator): the whole event as one zip; and
 * `GET /events/:eventId/export/mine` (a participant): the cloths of the tables they sat at.
 * At most `maxConcurrentExports` are built at once (each may run a headless browser).
 */
export function createExportRoutes(deps: ExportRoutesDeps): Hono {
  const { logger, config } = deps;
  let running = 0;
  const app = new Hono();
  app.onError(apiErrorHandler(logger));

  const answer = (stream: ReadableStream<Uint8Array>, filename: string) => {
    running++;
    let released = false;
    const release = () => {
      if (!released) {
        released = true;
        running--;
      }
    };
    const counted = stream.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({ flush: release }),
    );
    const reader = counted.getReader();
    const body = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        try {
          const { done, value } = await reader.read();
          if (done) {
            release();
            controller.close();
          } else controller.enqueue(value);
        } catch (error) {
          release();
          controller.error(error);
        }
      },
      cancel: async (reason) => {
        release();
        await reader.cancel(reason);
      },
    });
    return new Response(body, {
      headers: {
        "Content-Type": "application/zip",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
      },
    });
  };
  const checkCapacity = () => {
    if (running >= config.maxConcurrentExports) {
      throw new ApiError(503, "unavailable", "Other exports are being built; try again shortly.", {
        retryAfterSeconds: 10,
      });
    }
  };

  app.get("/events/:eventId/export", async (c) => {
    const { event } = await requireEventRole(c, deps, "facilitator");
    // Anonymous mode holds here whatever the query says.
    const anonymous =
      parseAnonymous(c.req.query("anonymous")) || (await deps.history.isAnonymous(event));
    checkCapacity();
    logger.info("export started", { eventId: event.id, anonymous });
    return answer(
      buildEventExport(deps, { event, anonymous, full: true }),
      `tablecloth-${event.id}.zip`,
    );
  });

  app.get("/events/:eventId/export/mine", async (c) => {
    const { caller, event } = await requireEventRole(c, deps, "member");
    if (caller.participant.role === "observer") throw forbidden("Observers sat at no table.");
    checkCapacity();
    const boardIds = await boardsSatAt(deps, event, caller.participant.id);
    return answer(
      buildEventExport(deps, { event, anonymous: true, boardIds, full: false }),
      `tablecloth-${event.id}-mine.zip`,
    );
  });

  return app;
}

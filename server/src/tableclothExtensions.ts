import { createEventsExtension, type EventsServices } from "./api/createEventsExtension";
import { createCafeRoutes } from "./cafe/createCafeRoutes";
import { createClientConfigRoutes } from "./clientConfig/createClientConfigRoutes";
import type { ServerConfig } from "./config";
import { chromiumRenderer } from "./export/ChromiumBoardRenderer";
import { createExportRoutes } from "./export/createExportRoutes";
import { BoardHistoryService } from "./history/BoardHistoryService";
import { createHistoryRoutes } from "./history/createHistoryRoutes";
import { createOpenSpaceRoutes } from "./openSpace/createOpenSpaceRoutes";
import { createPathRoutes } from "./path/createPathRoutes";
import { withPathTemplateGuard } from "./path/pathTemplateDocAccess";
import type { ServerExtension } from "./TableclothServer";
import { createUploadRoutes } from "./uploads/createUploadRoutes";

/**
 * The product as shipped: events, roles and tokens decide who may open which doc, and the café,
 * PATH, upload and client-config routes ride on the same authentication. PATH boards' locked
 * templates are guarded at the door: the events layer's doc access gets the template guard on top.
 * `main.ts` and the tests that need the whole product start the server with exactly these.
 */
export function tableclothExtensions(
  config: ServerConfig,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ServerExtension[] {
  let services: EventsServices | null = null;
  const events = createEventsExtension({
    env,
    routes: (s) => {
      services = s;
      const history = new BoardHistoryService({
        eventStore: s.eventStore,
        store: s.store,
        sync: s.syncServer,
        flush: () => s.syncServer.flush(),
      });
      return [
        createCafeRoutes({ ...s, sync: s.syncServer }),
        createPathRoutes({ ...s, sync: s.syncServer }),
        createOpenSpaceRoutes({ ...s, sync: s.syncServer }),
        createHistoryRoutes({ ...s, history }),
        createExportRoutes({
          ...s,
          sync: s.syncServer,
          history,
          openRenderer: chromiumRenderer({
            browser: s.config.renderBrowser,
            clientDistDir: config.clientDistDir,
            timeoutMs: s.config.renderTimeoutMs,
          }),
        }),
        createUploadRoutes({
          dataDir: config.dataDir,
          authorize: s.authorizeUpload,
          ledger: s.uploadLedger,
          maxBytes: s.config.uploadMaxBytes,
          quotas: {
            perEventBytes: s.config.uploadQuotaPerEventBytes,
            perParticipantBytes: s.config.uploadQuotaPerParticipantBytes,
          },
        }),
        createClientConfigRoutes({ tldrawLicenseKey: env.TLDRAW_LICENSE_KEY }),
      ];
    },
  });
  return [
    async (deps) => {
      const added = await events(deps);
      const built: EventsServices | null = services;
      if (!added.docAccess || built === null) return added;
      return { ...added, docAccess: withPathTemplateGuard(added.docAccess, built.membership) };
    },
  ];
}

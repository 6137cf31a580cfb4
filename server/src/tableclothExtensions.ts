import { createEventsExtension } from "./api/createEventsExtension";
import { createCafeRoutes } from "./cafe/createCafeRoutes";
import { createClientConfigRoutes } from "./clientConfig/createClientConfigRoutes";
import type { ServerConfig } from "./config";
import { chromiumRenderer } from "./export/ChromiumBoardRenderer";
import { createExportRoutes } from "./export/createExportRoutes";
import { BoardHistoryService } from "./history/BoardHistoryService";
import { createHistoryRoutes } from "./history/createHistoryRoutes";
import type { ServerExtension } from "./TableclothServer";
import { createUploadRoutes } from "./uploads/createUploadRoutes";

/**
 * The product as shipped: events, roles and tokens decide who may open which doc, and the café,
 * upload and client-config routes ride on the same authentication. `main.ts` and the tests that
 * need the whole product start the server with exactly these.
 */
export function tableclothExtensions(
  config: ServerConfig,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ServerExtension[] {
  return [
    createEventsExtension({
      env,
      routes: (s) => {
        const history = new BoardHistoryService({
          eventStore: s.eventStore,
          store: s.store,
          sync: s.syncServer,
          flush: () => s.syncServer.flush(),
        });
        return [
          createCafeRoutes({ ...s, sync: s.syncServer }),
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
          createUploadRoutes({ dataDir: config.dataDir, authorize: s.authorizeUpload }),
          createClientConfigRoutes({ tldrawLicenseKey: env.TLDRAW_LICENSE_KEY }),
        ];
      },
    }),
  ];
}

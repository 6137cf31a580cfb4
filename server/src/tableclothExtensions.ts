import { createEventsExtension } from "./api/createEventsExtension";
import { createCafeRoutes } from "./cafe/createCafeRoutes";
import { createClientConfigRoutes } from "./clientConfig/createClientConfigRoutes";
import type { ServerConfig } from "./config";
import { createOpenSpaceRoutes } from "./openSpace/createOpenSpaceRoutes";
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
      routes: (s) => [
        createCafeRoutes({ ...s, sync: s.syncServer }),
        createOpenSpaceRoutes({ ...s, sync: s.syncServer }),
        createUploadRoutes({ dataDir: config.dataDir, authorize: s.authorizeUpload }),
        createClientConfigRoutes({ tldrawLicenseKey: env.TLDRAW_LICENSE_KEY }),
      ],
    }),
  ];
}

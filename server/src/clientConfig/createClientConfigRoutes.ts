import { Hono } from "hono";

export interface ClientConfigOptions {
  /** `TLDRAW_LICENSE_KEY` from the server's environment; empty or absent means none. */
  tldrawLicenseKey?: string | null | undefined;
}

/** What `GET /config` answers: settings the browser app reads at run time, not build time. */
export interface ClientConfig {
  tldrawLicenseKey: string | null;
}

/**
 * `GET /config` → `{tldrawLicenseKey}`. The key is read at run time so one build of the client
 * serves any deployment; it is not a secret (tldraw keys are domain-bound and public in every
 * page that uses them). Mount under `/api`.
 */
export function createClientConfigRoutes(options: ClientConfigOptions): Hono {
  const key = options.tldrawLicenseKey?.trim();
  const config: ClientConfig = { tldrawLicenseKey: key ? key : null };
  const app = new Hono();
  app.get("/config", (c) => {
    c.header("Cache-Control", "no-store");
    return c.json(config);
  });
  return app;
}

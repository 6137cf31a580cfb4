import { useEffect, useState } from "react";
import { api, type ClientConfig } from "../api/api";

/** What we assume when the server can't be asked: no licence key. */
const FALLBACK: ClientConfig = { tldrawLicenseKey: null };

let cached: Promise<ClientConfig> | null = null;

/** Run-time settings from the server (`GET /api/config`), fetched once per page load. */
export function loadClientConfig(): Promise<ClientConfig> {
  cached ??= api.config().catch(() => {
    cached = null; // ask again next time rather than remembering a network blip
    return FALLBACK;
  });
  return cached;
}

/** The client config, or `undefined` while it loads. */
export function useClientConfig(): ClientConfig | undefined {
  const [config, setConfig] = useState<ClientConfig>();
  useEffect(() => {
    let live = true;
    loadClientConfig().then((value) => live && setConfig(value));
    return () => {
      live = false;
    };
  }, []);
  return config;
}

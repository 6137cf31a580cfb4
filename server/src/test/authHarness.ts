import { type ApiConfig, apiDefaults } from "../api/apiConfig";
import { createEventsExtension, type EventsExtensionOptions } from "../api/createEventsExtension";
import { loadSecret } from "../auth/loadSecret";
import { TokenService } from "../auth/TokenService";
import { loadConfig } from "../config";
import { createLogger } from "../logger";
import { type RunningServer, startServer } from "../TableclothServer";

/** The real server with the events extension, logging everything (debug) into `lines`. */
export interface AuthTestServer {
  server: RunningServer;
  /** Every log line of the server so far. */
  lines: string[];
  /** Every token the tests saw, to check none reached the log. */
  tokens: Set<string>;
  api<T>(
    path: string,
    init?: { method?: string; token?: string; json?: unknown },
  ): Promise<{ status: number; body: T }>;
  /** A token signed with the server's secret that expired an hour ago. */
  expiredToken(claims: {
    eventId: string;
    participantId: string;
    role: "facilitator";
  }): Promise<string>;
}

export async function startAuthTestServer(
  dataDir: string,
  overrides: Partial<ApiConfig> = {},
  routes?: EventsExtensionOptions["routes"],
): Promise<AuthTestServer> {
  const lines: string[] = [];
  const { config } = loadConfig(
    { PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, TABLECLOTH_UNLOAD_GRACE_MS: "0" },
    [],
  );
  const logger = createLogger({ level: "debug", write: (line) => lines.push(line) });
  const server = await startServer(config, {
    logger,
    extensions: [
      createEventsExtension({
        env: {},
        config: { ...apiDefaults, ...overrides },
        ...(routes ? { routes } : {}),
      }),
    ],
  });
  const tokens = new Set<string>();

  const api: AuthTestServer["api"] = async (path, init = {}) => {
    const headers: Record<string, string> = {};
    if (init.token !== undefined) headers.Authorization = `Bearer ${init.token}`;
    if (init.json !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(`${server.url}${path}`, {
      method: init.method ?? "GET",
      headers,
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
    });
    const text = await response.text();
    const body = text.startsWith("{") ? JSON.parse(text) : text;
    for (const key of ["token", "facilitatorToken"]) {
      const value = (body as Record<string, unknown>)[key];
      if (typeof value === "string") tokens.add(value);
    }
    return { status: response.status, body };
  };

  const expiredToken: AuthTestServer["expiredToken"] = async (claims) => {
    const { secret } = await loadSecret(dataDir, undefined);
    const past = new TokenService(secret, {
      lifetimeMs: 60_000,
      now: () => Date.now() - 3_600_000,
    });
    const { token } = await past.issue(claims);
    tokens.add(token);
    return token;
  };

  return { server, lines, tokens, api, expiredToken };
}

/** True when none of the tokens (nor their signatures) appears in the log. */
export function logHasNoTokens(t: AuthTestServer): boolean {
  const log = t.lines.join("\n");
  for (const token of t.tokens) {
    const signature = token.split(".")[2];
    if (log.includes(token) || (signature && log.includes(signature))) return false;
  }
  return true;
}

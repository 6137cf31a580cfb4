import { dirname } from "node:path";
import { type DocAccess, type ProvisionRequest, provisionDocs } from "./provision";
import { type RunningServer, type ServerKind, startServer } from "./servers";

/**
 * Per-participant message limits lifted for runs where every client is the same anonymous
 * participant (our server before its auth layer is plugged in): a venue's worth of clients would
 * otherwise share one participant's budget, which is not what any scenario measures.
 */
export const LIFTED_RATE_LIMITS: Readonly<Record<string, string>> = {
  TABLECLOTH_MESSAGES_PER_SECOND: "1000000",
  TABLECLOTH_MESSAGE_BURST: "1000000",
};

/**
 * Per-address API limits lifted for setup: a run joins up to 2,000 participants (and creates a few
 * events) from 127.0.0.1 within seconds, which a venue behind one address also does, but spread
 * over minutes. Setup is not measured; the sync limits stay at their defaults.
 */
export const LIFTED_SETUP_LIMITS: Readonly<Record<string, string>> = {
  TABLECLOTH_JOIN_PER_MINUTE: "1000000",
  TABLECLOTH_JOIN_BURST: "1000000",
  TABLECLOTH_CREATE_EVENT_PER_MINUTE: "1000000",
  TABLECLOTH_CREATE_EVENT_BURST: "1000000",
};

export interface Launched {
  server: RunningServer;
  access: DocAccess;
  /** Environment the server runs with (pass it again on a restart). */
  env: Record<string, string>;
  notes: string[];
}

/** Starts a server and provisions the scenario's docs and tokens on it. */
export async function launch(
  kind: ServerKind,
  dataDir: string,
  request: ProvisionRequest,
  env: Record<string, string> = {},
): Promise<Launched> {
  if (kind === "ours") env = { ...LIFTED_SETUP_LIMITS, ...env };
  let server = await startServer({ kind, dataDir, env });
  try {
    const access = await provisionDocs(server, request);
    const alreadyLifted = Object.keys(LIFTED_RATE_LIMITS).every((key) => key in env);
    const where = `DATA_DIR in ${dirname(dataDir)} (TMPDIR=/dev/shm puts it on tmpfs)`;
    if (kind !== "ours" || access.mode === "api" || alreadyLifted) {
      const how = access.mode === "api" ? "API tokens, one participant per client" : "open";
      return { server, access, env, notes: kind === "ours" ? [`access: ${how}`, where] : [] };
    }
    // Open access: all clients are one anonymous participant. Restart with lifted limits.
    const lifted = { ...env, ...LIFTED_RATE_LIMITS };
    const port = server.port;
    await server.stop();
    server = await startServer({ kind, dataDir, env: lifted, port });
    return {
      server,
      access,
      env: lifted,
      notes: [
        "access: open (no /api/events yet), all clients anonymous: per-participant rate limits lifted",
        where,
      ],
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

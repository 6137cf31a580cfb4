import {
  CreateBoardResponseSchema,
  CreateEventResponseSchema,
  JoinResponseSchema,
} from "@tablecloth/protocol";
import { sleep } from "./clock";
import type { RunningServer } from "./servers";

/** Board creations and joins in flight at once while provisioning. */
const PROVISION_CONCURRENCY = 8;
/** Longest total wait on `429 Retry-After` answers before reusing the tokens we have. */
const RATE_LIMIT_BUDGET_MS = 90_000;

/**
 * The docs a scenario uses and the tokens its clients connect with. On our server the docs are
 * real boards of a bench event (the API makes doc names) and each client gets a participant token
 * (rate limits are per participant, as at a venue). On the reference, names are free and there are
 * no tokens.
 */
export interface DocAccess {
  /** `"api"` on our server, `"open"` on the reference (or on ours before its API exists). */
  readonly mode: "api" | "open";
  readonly docNames: readonly string[];
  /** The token client `i` connects with (participants are reused round robin when fewer). */
  token(i: number): string | undefined;
  /** The facilitator's token (full access), for writers that set up content. */
  readonly writerToken: string | undefined;
  /** The token observer `i` connects with (role "observer", read-only); see `observers`. */
  observerToken(i: number): string | undefined;
  /** Issues fresh tokens through the same event (e.g. after a restart with a new secret). */
  refresh(server: RunningServer): Promise<void>;
}

export interface ProvisionRequest {
  /** Boards (docs) needed. */
  docs: number;
  /** Participant tokens wanted (clients share them round robin when fewer are issued). */
  participants: number;
  /** Names the bench event and the open-mode doc names. */
  label: string;
  /** Observer tokens wanted (joined with role "observer"); default none. */
  observers?: number;
}

async function postJson(
  server: RunningServer,
  path: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; json: unknown; retryAfterMs: number }> {
  const response = await fetch(`${server.httpBase}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  const retryAfter = Number(response.headers.get("retry-after") ?? "1");
  return {
    status: response.status,
    json,
    retryAfterMs: (Number.isFinite(retryAfter) ? retryAfter : 1) * 1000,
  };
}

/** Runs `task(i)` for i in [0, count) with bounded concurrency, in order of start. */
export async function forEachLimited(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

function openAccess(request: ProvisionRequest): DocAccess {
  const run = Math.random().toString(36).slice(2, 8);
  return {
    mode: "open",
    docNames: Array.from({ length: request.docs }, (_, i) => `${request.label}-${run}-${i}`),
    token: () => undefined,
    writerToken: undefined,
    observerToken: () => undefined,
    refresh: async () => {},
  };
}

/** Creates the bench event, its boards and participants on our server, or open names elsewhere. */
export async function provisionDocs(
  server: RunningServer,
  request: ProvisionRequest,
): Promise<DocAccess> {
  if (server.kind === "reference") return openAccess(request);
  const created = await postJson(server, "/api/events", {
    title: `bench ${request.label}`,
    format: "world-cafe",
  });
  if (created.status === 404) return openAccess(request);
  if (created.status !== 201) {
    throw new Error(`POST /api/events → ${created.status} ${JSON.stringify(created.json)}`);
  }
  const { event, facilitatorToken } = CreateEventResponseSchema.parse(created.json);
  const docNames: string[] = new Array<string>(request.docs).fill("");
  await forEachLimited(request.docs, PROVISION_CONCURRENCY, async (i) => {
    const board = await postJson(
      server,
      `/api/events/${event.id}/boards`,
      { kind: "table", title: `Table ${i + 1}` },
      facilitatorToken,
    );
    if (board.status !== 201) {
      throw new Error(`POST boards → ${board.status} ${JSON.stringify(board.json)}`);
    }
    docNames[i] = CreateBoardResponseSchema.parse(board.json).board.docName;
  });

  let tokens: string[] = [];
  let writerToken = facilitatorToken;
  const join = async (
    target: RunningServer,
    count = request.participants,
    role: "participant" | "observer" = "participant",
  ): Promise<string[]> => {
    const issued: string[] = [];
    const nonce = Math.random().toString(36).slice(2, 6);
    const deadline = Date.now() + RATE_LIMIT_BUDGET_MS;
    let limited = false;
    await forEachLimited(count, PROVISION_CONCURRENCY, async (i) => {
      for (;;) {
        if (limited && issued.length > 0) return;
        const joined = await postJson(target, "/api/join", {
          code: event.joinCode,
          name: `bench ${role === "observer" ? "observer " : ""}${i + 1} ${nonce}`,
          ...(role === "observer" ? { role } : {}),
        });
        if (joined.status === 201) {
          issued.push(JoinResponseSchema.parse(joined.json).token);
          return;
        }
        if (joined.status === 429 && Date.now() < deadline) {
          await sleep(Math.min(joined.retryAfterMs, 5_000));
          continue;
        }
        if (joined.status === 429) {
          limited = true;
          return;
        }
        throw new Error(`POST /api/join → ${joined.status} ${JSON.stringify(joined.json)}`);
      }
    });
    if (issued.length === 0) throw new Error("no participant token could be issued");
    return issued;
  };
  tokens = request.participants > 0 ? await join(server) : [];
  const observers = request.observers ?? 0;
  let observerTokens = observers > 0 ? await join(server, observers, "observer") : [];
  return {
    mode: "api",
    docNames,
    token: (i) => (tokens.length === 0 ? writerToken : tokens[i % tokens.length]),
    observerToken: (i) => observerTokens[i % Math.max(1, observerTokens.length)],
    get writerToken() {
      return writerToken;
    },
    async refresh(target) {
      const again = await postJson(target, "/api/join", {
        code: event.joinCode,
        name: `bench writer ${Math.random().toString(36).slice(2, 6)}`,
      });
      if (again.status === 201) writerToken = JoinResponseSchema.parse(again.json).token;
      if (request.participants > 0) tokens = await join(target);
      if (observers > 0) observerTokens = await join(target, observers, "observer");
    },
  };
}

import { CloseCode, isValidDocName } from "@tablecloth/protocol";
import type { ConnectionContext } from "@tablecloth/sync";

/**
 * What the transport asks before it opens a doc for someone: on a WebSocket upgrade to
 * `/sync/:docName` and on the history endpoints. The events/auth layer implements it from tokens;
 * the transport only maps a refusal to a close code (4401/4403/4404) or an HTTP status.
 */
export type DocAccessDecision =
  | {
      ok: true;
      /** Who is connecting; becomes the author of their updates. */
      context: ConnectionContext;
      /** May read `/api/docs/:docName/history` and `/state` (facilitators). */
      canReadHistory: boolean;
    }
  | {
      ok: false;
      code:
        | typeof CloseCode.Unauthenticated
        | typeof CloseCode.Forbidden
        | typeof CloseCode.DocNotFound
        | typeof CloseCode.RateLimited;
    };

export interface DocAccess {
  /**
   * Decides whether `token` (the `token` query parameter of the sync URL, or the bearer token
   * of an HTTP request; null when absent) may open `docName`. Must not throw for bad input:
   * refuse instead. A thrown error is treated as an internal error.
   */
  decide(docName: string, token: string | null): Promise<DocAccessDecision>;
}

let anonymousConnections = 0;

/**
 * No authentication: any valid doc name, anonymous read-write, history allowed. The default until
 * the events/auth layer plugs its own `DocAccess` in; fine for a single trusted room on localhost.
 * With no participants to tell apart, each connection is its own anonymous author
 * (`anonymous-<n>`), so the engine's per-participant message limit applies per connection instead
 * of throttling every client of the instance as one person.
 */
export const openDocAccess: DocAccess = {
  decide(docName) {
    if (!isValidDocName(docName)) {
      return Promise.resolve({ ok: false, code: CloseCode.DocNotFound });
    }
    anonymousConnections += 1;
    const context: ConnectionContext = {
      userId: `anonymous-${anonymousConnections}`,
      role: "anonymous",
      readOnly: false,
    };
    return Promise.resolve({ ok: true, context, canReadHistory: true });
  },
};

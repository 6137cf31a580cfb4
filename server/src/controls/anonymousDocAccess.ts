import { shownName } from "@tablecloth/controls";
import type { ConnectionContext } from "@tablecloth/sync";
import type { MembershipCache } from "../auth/MembershipCache";
import type { DocAccess, DocAccessDecision } from "../DocAccess";
import { controlDocName } from "../events/ids";
import type { SyncControl } from "../events/SyncControl";
import type { AnonymousBook } from "./AnonymousBook";

export interface AnonymousNamesDeps {
  membership: MembershipCache;
  /** The live modes, read at each stamp (fed by the engine's load hook). */
  book: AnonymousBook;
  /** Loads the event's control doc before the connection opens, so its mode is in `book`. */
  sync: Pick<SyncControl, "read">;
}

/**
 * Wraps doc access (outermost: wrappers that copy the context would read the getter once):
 * every connection to any doc of an event gets a context whose `name`, the one stamped into its
 * awareness states, is a getter reading the event's anonymous mode at each stamp, so a
 * facilitator's switch holds for connections already open once their states are stamped again
 * (`SyncServer.restampAwareness`, which the controls route calls after the switch).
 */
export function withAnonymousNames(inner: DocAccess, deps: AnonymousNamesDeps): DocAccess {
  const { membership, book, sync } = deps;
  return {
    async decide(docName, token): Promise<DocAccessDecision> {
      const decision = await inner.decide(docName, token);
      // No name from a token (an open instance): the client's own choice is stamped, as before.
      if (!decision.ok || decision.context.name === undefined) return decision;
      const owner = await membership.docOwner(docName);
      if (owner === null || owner === undefined) return decision;
      const control = controlDocName(owner.eventId);
      await sync.read(control, () => undefined);
      const { name, ...rest } = decision.context;
      const realName = name ?? rest.userId;
      const context: ConnectionContext = {
        ...rest,
        get name() {
          return shownName(realName, book.isAnonymous(control));
        },
      };
      return { ...decision, context };
    },
  };
}

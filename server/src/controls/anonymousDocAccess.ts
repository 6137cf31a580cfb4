import { shownName } from "@tablecloth/controls";
import type { ConnectionContext, WriteGuard } from "@tablecloth/sync";
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
      const context = new AnonymousNameContext(rest, name ?? rest.userId, () =>
        book.isAnonymous(control),
      );
      return { ...decision, context };
    },
  };
}

/**
 * A connection's context whose `name` follows its event's anonymous mode. A class, so that every
 * such context has one shape: an object literal with a getter gets a shape of its own (its getter
 * is a new function each time), and with a thousand connections in a room every read of a
 * context field by the engine (per connection per broadcast, per message) missed V8's inline
 * caches and went to the runtime.
 */
class AnonymousNameContext implements ConnectionContext {
  readonly userId: string;
  readonly role: string;
  readonly readOnly: boolean;
  readonly writeGuard: WriteGuard | undefined;
  readonly #realName: string;
  readonly #isAnonymous: () => boolean;

  constructor(rest: Omit<ConnectionContext, "name">, realName: string, isAnonymous: () => boolean) {
    this.userId = rest.userId;
    this.role = rest.role;
    this.readOnly = rest.readOnly;
    this.writeGuard = rest.writeGuard;
    this.#realName = realName;
    this.#isAnonymous = isAnonymous;
  }

  get name(): string {
    return shownName(this.#realName, this.#isAnonymous());
  }
}

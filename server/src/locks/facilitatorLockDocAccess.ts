import type { WriteGuard } from "@tablecloth/sync";
import { touchesFacilitatorLocks } from "@tablecloth/tldraw-yjs/server";
import type { MembershipCache } from "../auth/MembershipCache";
import type { DocAccess, DocAccessDecision } from "../DocAccess";

/** Lets every update through that leaves what facilitators locked as it is. */
export const facilitatorLockGuard: WriteGuard = (doc, update) =>
  !touchesFacilitatorLocks(doc, update);

/**
 * Wraps doc access: a writer who is not a facilitator, opening any board of an event, gets
 * `facilitatorLockGuard` (with whatever guard `inner` gave, e.g. a PATH board's): the engine
 * drops any update of theirs that would change, unlock or delete a shape a facilitator locked, or
 * lock anything, and closes them with 4403 (tldraw's `isLocked` holds only in honest clients).
 * Facilitators, read-only connections and the event's control docs are left as `inner` decided.
 */
export function withFacilitatorLocks(inner: DocAccess, membership: MembershipCache): DocAccess {
  return {
    async decide(docName, token): Promise<DocAccessDecision> {
      const decision = await inner.decide(docName, token);
      if (!decision.ok || decision.context.readOnly || decision.context.role === "facilitator") {
        return decision;
      }
      const owner = await membership.docOwner(docName);
      if (owner?.kind !== "board") return decision;
      const before = decision.context.writeGuard;
      const writeGuard: WriteGuard =
        before === undefined
          ? facilitatorLockGuard
          : (doc, update) => facilitatorLockGuard(doc, update) && before(doc, update);
      return { ...decision, context: { ...decision.context, writeGuard } };
    },
  };
}

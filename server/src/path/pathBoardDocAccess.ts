import { touchesPathTemplate } from "@tablecloth/path";
import type { WriteGuard } from "@tablecloth/sync";
import type { MembershipCache } from "../auth/MembershipCache";
import type { DocAccess, DocAccessDecision } from "../DocAccess";

/** Lets every update through that leaves a PATH board's locked template as it is. */
export const pathTemplateGuard: WriteGuard = (doc, update) => !touchesPathTemplate(doc, update);

/**
 * Wraps the events layer's doc access: a writer who is not a facilitator, opening a PATH board,
 * gets `pathTemplateGuard`, so the engine drops any update of theirs that would move or change
 * the template (tldraw's `isLocked` holds only in honest clients) and closes them with 4403.
 * Facilitators (process or graphic) and every other board are left as `inner` decided.
 */
export function withPathTemplateGuard(inner: DocAccess, membership: MembershipCache): DocAccess {
  return {
    async decide(docName, token): Promise<DocAccessDecision> {
      const decision = await inner.decide(docName, token);
      if (!decision.ok || decision.context.readOnly || decision.context.role === "facilitator") {
        return decision;
      }
      const owner = await membership.docOwner(docName);
      if (owner?.kind !== "board" || owner.boardKind !== "path") return decision;
      return { ...decision, context: { ...decision.context, writeGuard: pathTemplateGuard } };
    },
  };
}

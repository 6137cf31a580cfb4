import { touchesPathTemplate } from "@tablecloth/path";
import type { WriteGuard } from "@tablecloth/sync";
import type { MembershipCache } from "../auth/MembershipCache";
import type { DocAccess, DocAccessDecision } from "../DocAccess";
import { controlDocName } from "../events/ids";
import type { SyncControl } from "../events/SyncControl";
import type { PathPlanBook } from "./PathPlanBook";

export interface PathBoardGuardDeps {
  membership: MembershipCache;
  /** The live PATH plans, read at each update (fed by the engine's load hook). */
  book: PathPlanBook;
  /** Loads the event's control doc before the first update, so its plan is in `book`. */
  sync: Pick<SyncControl, "read">;
}

/**
 * Wraps the events layer's doc access: a writer who is not a facilitator, opening a PATH board,
 * gets a write guard that the engine runs on each of their updates. It refuses any update while
 * `mayWritePathBoard` says no (before the first step and in the `watch` phase; the graphic
 * facilitator always may), read from the plan as it is at that update, so a phase change holds at
 * once for connections already open; and any update that would move or change the template
 * (tldraw's `isLocked` holds only in honest clients). A refused update is dropped (never applied,
 * stored or relayed) and its sender closed with 4403, as `enforceWriteGuard` does for every guard.
 * Facilitators and every other board are left as `inner` decided.
 */
export function withPathBoardGuard(inner: DocAccess, deps: PathBoardGuardDeps): DocAccess {
  const { membership, book, sync } = deps;
  return {
    async decide(docName, token): Promise<DocAccessDecision> {
      const decision = await inner.decide(docName, token);
      if (!decision.ok || decision.context.readOnly || decision.context.role === "facilitator") {
        return decision;
      }
      const owner = await membership.docOwner(docName);
      if (owner?.kind !== "board" || owner.boardKind !== "path") return decision;
      const control = controlDocName(owner.eventId);
      await sync.read(control, () => undefined);
      const { boardId } = owner;
      // Facilitators and read-only connections (observers) returned above.
      const person = { id: decision.context.userId, role: "participant" } as const;
      const writeGuard: WriteGuard = (doc, update) =>
        book.mayWrite(control, boardId, person) && !touchesPathTemplate(doc, update);
      return { ...decision, context: { ...decision.context, writeGuard } };
    },
  };
}

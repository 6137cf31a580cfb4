import type { WriteGuard } from "@tablecloth/sync";
import type { MembershipCache } from "../auth/MembershipCache";
import type { DocAccess, DocAccessDecision } from "../DocAccess";
import { controlDocName } from "../events/ids";
import type { SyncControl } from "../events/SyncControl";
import type { BoardsPhaseBook } from "./BoardsPhaseBook";

export interface BoardsPhaseGuardDeps {
  membership: MembershipCache;
  /** The live phases, read at each update (fed by the engine's load hook). */
  book: BoardsPhaseBook;
  /** Loads the event's control doc before the first update, so its phase is in `book`. */
  sync: Pick<SyncControl, "read">;
}

/**
 * Wraps doc access: a writer who is not a facilitator, opening any board of an event, gets a
 * guard (beside whatever `inner` gave) that refuses each of their updates while the event's
 * boards are view-only, read from the phase as it is at that update, so a facilitator's switch
 * holds at once for connections already open. A refused update is dropped and its sender closed
 * with 4403, as for every guard. Facilitators, read-only connections and control docs are left
 * as `inner` decided.
 */
export function withBoardsPhase(inner: DocAccess, deps: BoardsPhaseGuardDeps): DocAccess {
  const { membership, book, sync } = deps;
  return {
    async decide(docName, token): Promise<DocAccessDecision> {
      const decision = await inner.decide(docName, token);
      if (!decision.ok || decision.context.readOnly || decision.context.role === "facilitator") {
        return decision;
      }
      const owner = await membership.docOwner(docName);
      if (owner?.kind !== "board") return decision;
      const control = controlDocName(owner.eventId);
      await sync.read(control, () => undefined);
      const before = decision.context.writeGuard;
      const open: WriteGuard = () => book.mayWrite(control, "participant");
      const writeGuard: WriteGuard =
        before === undefined ? open : (doc, update) => open(doc, update) && before(doc, update);
      return { ...decision, context: { ...decision.context, writeGuard } };
    },
  };
}

import type { WriteGuard } from "@tablecloth/sync";
import type { MembershipCache } from "../auth/MembershipCache";
import type { DocAccess, DocAccessDecision } from "../DocAccess";
import type { DocOwner } from "../events/EventStore";
import { controlDocName } from "../events/ids";
import type { SyncControl } from "../events/SyncControl";

/** A participant who writes to one board of an event: what every board rule is asked about. */
export interface BoardWriter {
  /** The board's owner record (its event, id and kind). */
  board: Extract<DocOwner, { kind: "board" }>;
  /** The name of the board's event control doc (loaded before the rules are asked). */
  control: string;
  /** The writer: never a facilitator and never read-only (those are left as decided). */
  person: { id: string; role: "participant" };
}

/**
 * One rule on participants' board updates: the guard to run on each update of `writer` to this
 * board, or `undefined` when the rule has nothing to say about the board (e.g. a PATH rule on a
 * café table). A guard reads live state at each update (a phase or a plan as it is then), so a
 * facilitator's switch holds at once for connections already open.
 */
export type BoardRule = (writer: BoardWriter) => WriteGuard | undefined;

export interface BoardGuardDeps {
  membership: MembershipCache;
  /** Loads the event's control doc before the first update, so the rules' books hold its state. */
  sync: Pick<SyncControl, "read">;
  /** Asked in order; an update passes only when every guard given passes, cheapest first. */
  rules: readonly BoardRule[];
}

/**
 * Wraps the events layer's doc access: a writer who is not a facilitator, opening a board, gets
 * one write guard that the engine runs on each of their updates, made of the guards `rules` give
 * for that board (and whatever guard `inner` gave, last). A refused update is dropped (never
 * applied, stored or relayed) and its sender closed with 4403, as `enforceWriteGuard` does for
 * every guard. Facilitators, read-only connections and control docs are left as `inner` decided.
 * The board's owner is looked up and its control doc loaded once per connection, for all rules.
 */
export function withBoardGuards(inner: DocAccess, deps: BoardGuardDeps): DocAccess {
  const { membership, sync, rules } = deps;
  return {
    async decide(docName, token): Promise<DocAccessDecision> {
      const decision = await inner.decide(docName, token);
      if (!decision.ok || decision.context.readOnly || decision.context.role === "facilitator") {
        return decision;
      }
      const board = await membership.docOwner(docName);
      if (board?.kind !== "board") return decision;
      const control = controlDocName(board.eventId);
      await sync.read(control, () => undefined);
      const writer: BoardWriter = {
        board,
        control,
        person: { id: decision.context.userId, role: "participant" },
      };
      const guards: WriteGuard[] = [];
      for (const rule of rules) {
        const guard = rule(writer);
        if (guard !== undefined) guards.push(guard);
      }
      if (decision.context.writeGuard !== undefined) guards.push(decision.context.writeGuard);
      if (guards.length === 0) return decision;
      return { ...decision, context: { ...decision.context, writeGuard: allOf(guards) } };
    },
  };
}

function allOf(guards: readonly WriteGuard[]): WriteGuard {
  if (guards.length === 1) return guards[0] as WriteGuard;
  return (doc, update) => {
    for (const guard of guards) if (!guard(doc, update)) return false;
    return true;
  };
}

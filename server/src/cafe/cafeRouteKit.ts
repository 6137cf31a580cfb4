import type { CafePerson } from "@tablecloth/cafe";
import type * as Y from "yjs";
import { ApiError } from "../api/ApiError";
import type { MembershipCache } from "../auth/MembershipCache";
import type { EventRecord } from "../events/EventStore";
import type { SyncControl } from "../events/SyncControl";
import { type CafeErrorContext, cafeErrorToApi } from "./cafeErrors";

/** What every café route uses to apply a rule: the live control doc, and whom it may seat. */
export interface CafeRouteKit {
  /**
   * Runs `fn` on the event's live control doc as one change by `author` (read and write in one
   * synchronous step, so no other request interleaves); a `CafeError` becomes a 4xx.
   */
  onControlDoc<T>(
    event: EventRecord,
    author: string,
    fn: (doc: Y.Doc) => T,
    context?: CafeErrorContext,
  ): Promise<T>;
  /** The person `participantId` of the event, who must sit at tables (not an observer). */
  requireSeatable(event: EventRecord, participantId: string): Promise<CafePerson>;
}

export function cafeRouteKit(deps: {
  sync: Pick<SyncControl, "transact">;
  membership: MembershipCache;
}): CafeRouteKit {
  const { sync, membership } = deps;
  return {
    async onControlDoc<T>(
      event: EventRecord,
      author: string,
      fn: (doc: Y.Doc) => T,
      context?: CafeErrorContext,
    ): Promise<T> {
      let result: T | undefined;
      let failure: unknown = null;
      await sync.transact(event.controlDocName, author, (doc) => {
        try {
          result = fn(doc);
        } catch (error) {
          failure = error;
        }
      });
      if (failure !== null) throw cafeErrorToApi(failure, context);
      return result as T;
    },
    async requireSeatable(event: EventRecord, participantId: string): Promise<CafePerson> {
      const person = await membership.participant(participantId);
      if (!person || person.eventId !== event.id || person.removedAt !== null) {
        throw new ApiError(400, "invalid_request", "No such participant in this event.", {
          field: "participantId",
        });
      }
      if (person.role !== "participant") {
        throw new ApiError(400, "invalid_request", "Only participants sit at café tables.", {
          field: "participantId",
        });
      }
      return { id: person.id, name: person.name };
    },
  };
}

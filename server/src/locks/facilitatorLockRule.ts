import type { WriteGuard } from "@tablecloth/sync";
import { touchesFacilitatorLocks } from "@tablecloth/tldraw-yjs/server";
import type { BoardRule } from "../boards/withBoardGuards";

/** Lets every update through that leaves what facilitators locked as it is. */
export const facilitatorLockGuard: WriteGuard = (doc, update) =>
  !touchesFacilitatorLocks(doc, update);

/**
 * Every board's rule for participants: an update that would change, unlock or delete a shape a
 * facilitator locked, or lock anything, is refused (tldraw's `isLocked` holds only in honest
 * clients).
 */
export const facilitatorLockRule: BoardRule = () => facilitatorLockGuard;

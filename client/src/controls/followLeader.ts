import { createUserId, type Editor, react } from "tldraw";

/**
 * Keeps `editor`'s viewport on the leader's (tldraw's own follow, from the leader's presence on
 * this board: camera and screen bounds over awareness). Loaded only beside a board's canvas.
 *
 * - `locked` (take control): while the leader is on the board the camera is locked too, so the
 *   person's own wheel, pinch, hand tool and zoom keys do nothing; should following stop anyway,
 *   it starts again. While the leader is away (not on this board) nothing is locked: nobody is
 *   stuck on a view no one is showing.
 * - not locked (follow me): tldraw stops following when the person pans or zooms; if the leader
 *   was still there, that is the person leaving, and `onLeft` is called once.
 *
 * Returns the function that stops all of it, unlocks and stops following.
 */
export function followLeader(
  editor: Editor,
  leaderId: string,
  locked: boolean,
  onLeft: () => void,
): () => void {
  const leader = createUserId(leaderId);
  const wasLocked = editor.getCameraOptions().isLocked;
  let following = false;
  let left = false;
  let pending: ReturnType<typeof setTimeout> | null = null;
  const setLock = (on: boolean) => {
    if (editor.getCameraOptions().isLocked !== on) {
      editor.setCameraOptions({ ...editor.getCameraOptions(), isLocked: on });
    }
  };
  // Outside the reaction: following and locking write the state the reaction reads.
  const apply = () => {
    pending = null;
    if (left || editor.isDisposed) return;
    const present = editor.getCollaborators().some((c) => c.userId === leader);
    if (locked) setLock(present || wasLocked);
    if (present && editor.getInstanceState().followingUserId !== leader) {
      editor.startFollowingUser(leader);
    }
  };
  const stopReacting = react("tablecloth summon follow", () => {
    const now = editor.getInstanceState().followingUserId === leader;
    const present = editor.getCollaborators().some((c) => c.userId === leader);
    if (now) {
      following = true;
      return;
    }
    if (following && present && !locked) {
      following = false;
      left = true;
      onLeft();
      return;
    }
    following = false;
    if (!left && pending === null) pending = setTimeout(apply, 0);
  });
  return () => {
    stopReacting();
    if (pending !== null) clearTimeout(pending);
    if (editor.isDisposed) return;
    if (editor.getInstanceState().followingUserId === leader) editor.stopFollowingUser();
    if (locked) setLock(wasLocked);
  };
}

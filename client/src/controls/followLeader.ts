import { createUserId, type Editor, react } from "tldraw";

/**
 * Keeps `editor`'s viewport on the leader's (tldraw's own follow, from the leader's presence on
 * this board: camera and screen bounds over awareness). Loaded only beside a board's canvas.
 *
 * - `locked` (take control): the camera is locked too, so the person's own wheel, pinch, hand
 *   tool and zoom keys do nothing; should following stop anyway, it starts again.
 * - not locked (follow me): tldraw stops following when the person pans or zooms; if the leader
 *   was still there, that is the person leaving, and `onLeft` is called once.
 *
 * Following waits for the leader's presence (they may not have the board open yet) and resumes
 * when it comes back. Returns the function that stops all of it, unlocks and stops following.
 */
export function followLeader(
  editor: Editor,
  leaderId: string,
  locked: boolean,
  onLeft: () => void,
): () => void {
  const leader = createUserId(leaderId);
  const before = editor.getCameraOptions();
  if (locked) editor.setCameraOptions({ ...before, isLocked: true });
  let following = false;
  let left = false;
  let pending: ReturnType<typeof setTimeout> | null = null;
  const start = () => {
    pending = null;
    if (left || editor.getInstanceState().followingUserId === leader) return;
    editor.startFollowingUser(leader);
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
    // Not inside the reaction: starting to follow writes the instance state it just read.
    if (present && !left && pending === null) pending = setTimeout(start, 0);
  });
  return () => {
    stopReacting();
    if (pending !== null) clearTimeout(pending);
    if (editor.isDisposed) return;
    if (editor.getInstanceState().followingUserId === leader) editor.stopFollowingUser();
    if (locked)
      editor.setCameraOptions({ ...editor.getCameraOptions(), isLocked: before.isLocked });
  };
}

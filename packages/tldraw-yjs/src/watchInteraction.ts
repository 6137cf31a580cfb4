import { type Editor, react } from "@tldraw/editor";
import { PROTECTED_EDITOR_STATES } from "./config";

/** Which records the local user is holding (dragging, resizing, rotating, typing in). */
export interface InteractionWatch {
  isHeld(id: string): boolean;
  dispose(): void;
}

/** The shapes the user holds right now: the selection (and descendants) while in a held state. */
export function heldShapeIds(editor: Editor): ReadonlySet<string> {
  const held = new Set<string>();
  const editing = editor.getEditingShapeId();
  if (editing) held.add(editing);
  if (PROTECTED_EDITOR_STATES.some((path) => editor.isIn(path))) {
    for (const id of editor.getShapeAndDescendantIds(editor.getSelectedShapeIds())) held.add(id);
  }
  return held;
}

/**
 * Track the shapes the local user holds; call `onRelease` with the ids they let go of, after the
 * interaction that held them ended (reactively, as soon as the editor leaves the state).
 */
export function watchInteraction(
  editor: Editor,
  onRelease: (released: readonly string[]) => void,
): InteractionWatch {
  let held: ReadonlySet<string> = new Set();
  const stop = react("tldraw-yjs held shapes", () => {
    const next = heldShapeIds(editor);
    const released = [...held].filter((id) => !next.has(id));
    held = next;
    if (released.length > 0) onRelease(released);
  });
  return {
    isHeld: (id) => held.has(id),
    dispose: stop,
  };
}

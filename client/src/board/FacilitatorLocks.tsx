import { FACILITATOR_LOCK_META_KEY, isFacilitatorLocked } from "@tablecloth/tldraw-yjs";
import { type Editor, type TLShape, type TLUiOverrides, useEditor, useValue } from "tldraw";

/** Locks `ids` (and everything inside them: a frame is a region) for facilitators. */
export function lockForFacilitators(editor: Editor, shapes: readonly TLShape[]): void {
  const ids = editor.getShapeAndDescendantIds(shapes.map((s) => s.id));
  editor.run(
    () => {
      editor.updateShapes(
        [...ids].flatMap((id) => {
          const shape = editor.getShape(id);
          if (!shape) return [];
          return [
            {
              id,
              type: shape.type,
              isLocked: true,
              meta: { ...shape.meta, [FACILITATOR_LOCK_META_KEY]: true },
            },
          ];
        }),
      );
    },
    { ignoreShapeLock: true },
  );
}

/**
 * The update that takes a facilitator's lock off: tldraw merges `meta` field by field, so the
 * flag is set to false (not left out, which would keep it).
 */
function unlocked(shape: TLShape) {
  return {
    id: shape.id,
    type: shape.type,
    isLocked: false,
    meta: { ...shape.meta, [FACILITATOR_LOCK_META_KEY]: false },
  };
}

/** Takes every facilitator's lock off the current page. */
export function unlockAllForFacilitators(editor: Editor): void {
  const locked = editor.getCurrentPageShapes().filter(isFacilitatorLocked);
  editor.run(
    () => {
      editor.updateShapes(locked.map((shape) => unlocked(shape)));
    },
    { ignoreShapeLock: true },
  );
}

/**
 * The facilitator's lock controls, in tldraw's top-right panel: lock what is selected (a frame
 * with everything in it) so only facilitators can change it, or take every such lock off.
 */
export function FacilitatorLockPanel() {
  const editor = useEditor();
  const selected = useValue("selected shapes", () => editor.getSelectedShapes(), [editor]);
  const lockedCount = useValue(
    "facilitator-locked shapes",
    () => editor.getCurrentPageShapes().filter(isFacilitatorLocked).length,
    [editor],
  );
  return (
    <div className="facilitator-locks" data-testid="facilitator-locks">
      <button
        type="button"
        className="button button--small"
        disabled={selected.length === 0}
        onClick={() => lockForFacilitators(editor, selected)}
        data-testid="facilitator-lock"
        title="Only facilitators will be able to move, change, unlock or delete it"
      >
        <span aria-hidden="true">🔒 </span>Lock for facilitators
      </button>
      {lockedCount > 0 ? (
        <button
          type="button"
          className="button button--small"
          onClick={() => unlockAllForFacilitators(editor)}
          data-testid="facilitator-unlock-all"
        >
          Unlock all ({lockedCount})
        </button>
      ) : null}
    </div>
  );
}

/**
 * tldraw's own lock toggle (Shift+L, the menus) for someone who is not a facilitator: it leaves
 * shapes a facilitator locked alone (the server would refuse the change and close the board).
 * For facilitators, toggling a facilitator-locked shape takes the facilitator's lock off too.
 */
export function lockOverrides(facilitator: boolean): TLUiOverrides {
  return {
    actions(editor, actions) {
      const toggle = actions["toggle-lock"];
      if (!toggle) return actions;
      return {
        ...actions,
        "toggle-lock": {
          ...toggle,
          onSelect(source) {
            const selected = editor.getSelectedShapes();
            const held = selected.filter(isFacilitatorLocked);
            if (held.length === 0) return toggle.onSelect(source);
            if (!facilitator) return;
            editor.run(
              () => {
                editor.updateShapes(held.map((shape) => unlocked(shape)));
              },
              { ignoreShapeLock: true },
            );
          },
        },
      };
    },
  };
}

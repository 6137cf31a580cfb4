/**
 * The part of tldraw's `Editor` the browser tests call through `window.tableclothEditor` (set by
 * client/src/board/BoardCanvas.tsx). Spelled out here because the tests package does not depend
 * on tldraw.
 */
export interface PageEditor {
  getCurrentPageShapeIds(): Set<string>;
  updateInstanceState(partial: { isReadonly?: boolean }): void;
  createShapes(
    shapes: { type: string; x: number; y: number; props?: Record<string, unknown> }[],
  ): unknown;
  selectAll(): unknown;
  deleteShapes(ids: string[]): unknown;
  getSelectedShapeIds(): string[];
  /** The part of the page the screen shows, in page coordinates. */
  getViewportPageBounds(): {
    x: number;
    y: number;
    w: number;
    h: number;
    center: { x: number; y: number };
  };
  getInstanceState(): { followingUserId: string | null };
  getCameraOptions(): { isLocked: boolean };
}

/** `globalThis` in a board page; the tests' tsconfig has no DOM types, so no `window`. */
export type BoardWindow = typeof globalThis & { tableclothEditor?: PageEditor };

import { useCallback } from "react";
import { type Editor, Tldraw } from "tldraw";
import "tldraw/tldraw.css";
import { tldrawAssetUrls } from "../tldraw/assetUrls";
import { renderBoard, warmUp } from "./renderBoard";

/**
 * A page with nothing but a hidden tldraw editor, for the server's headless Chromium: it renders
 * boards' pictures for exports through `window.tableclothRender` (see `renderTypes.ts`). It
 * needs no token and talks to no server: the records come in, the pictures go out.
 */
export function RenderPage() {
  const onMount = useCallback((editor: Editor) => {
    // One board at a time: each call replaces the whole store.
    let queue: Promise<unknown> = Promise.resolve();
    let mounted = true;
    // Ready once warmed up: the server waits for `tableclothRender` before its first board.
    void warmUp(editor).then(() => {
      if (!mounted) return;
      window.tableclothRender = (input) => {
        const next = queue.then(() => renderBoard(editor, input));
        queue = next.catch(() => {});
        return next;
      };
      document.body.dataset.renderReady = "true";
    });
    return () => {
      mounted = false;
      window.tableclothRender = undefined;
    };
  }, []);
  return (
    <div className="render-page" style={{ position: "fixed", inset: 0 }}>
      <Tldraw hideUi assetUrls={tldrawAssetUrls} onMount={onMount} />
    </div>
  );
}

import { useCallback } from "react";
import { type Editor, Tldraw } from "tldraw";
import "tldraw/tldraw.css";
import { tldrawAssetUrls } from "../tldraw/assetUrls";
import { renderBoard } from "./renderBoard";

/**
 * A page with nothing but a hidden tldraw editor, for the server's headless Chromium: it renders
 * boards' pictures for exports through `window.tableclothRender` (see `renderTypes.ts`). It
 * needs no token and talks to no server: the records come in, the pictures go out.
 */
export function RenderPage() {
  const onMount = useCallback((editor: Editor) => {
    // One board at a time: each call replaces the whole store.
    let queue: Promise<unknown> = Promise.resolve();
    window.tableclothRender = (input) => {
      const next = queue.then(() => renderBoard(editor, input));
      queue = next.catch(() => {});
      return next;
    };
    document.body.dataset.renderReady = "true";
    return () => {
      window.tableclothRender = undefined;
    };
  }, []);
  return (
    <div className="render-page" style={{ position: "fixed", inset: 0 }}>
      <Tldraw hideUi assetUrls={tldrawAssetUrls} onMount={onMount} />
    </div>
  );
}

import { useCallback, useState } from "react";
import { createTLStore, defaultBindingUtils, defaultShapeUtils, type Editor, Tldraw } from "tldraw";
import "tldraw/tldraw.css";
import { tldrawAssetUrls } from "../tldraw/assetUrls";

declare global {
  interface Window {
    /** The replay's read-only editor, for the browser tests. */
    tableclothReplayEditor?: Editor;
  }
}

/**
 * A read-only tldraw canvas for a past moment. It is never connected to the live doc: the replay
 * view writes records into its store, so replaying changes nothing for anyone.
 */
export default function ReplayCanvas({
  licenseKey,
  onEditor,
}: {
  licenseKey: string | null;
  onEditor: (editor: Editor | null) => void;
}) {
  const [store] = useState(() =>
    createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils }),
  );
  const onMount = useCallback(
    (editor: Editor) => {
      editor.updateInstanceState({ isReadonly: true });
      window.tableclothReplayEditor = editor;
      onEditor(editor);
      return () => {
        onEditor(null);
        if (window.tableclothReplayEditor === editor) window.tableclothReplayEditor = undefined;
      };
    },
    [onEditor],
  );
  return (
    <Tldraw
      store={store}
      assetUrls={tldrawAssetUrls}
      licenseKey={licenseKey ?? undefined}
      onMount={onMount}
      embeds={[]}
    />
  );
}

import { bindTldrawToYjs, type PresenceUser } from "@tablecloth/tldraw-yjs";
import { useCallback, useEffect, useRef, useState } from "react";
import {
  atom,
  createTLStore,
  DefaultCursor,
  DefaultToolbar,
  DrawToolbarItem,
  defaultBindingUtils,
  defaultShapeUtils,
  type Editor,
  EraserToolbarItem,
  HandToolbarItem,
  NoteToolbarItem,
  SelectToolbarItem,
  TextToolbarItem,
  type TLComponents,
  type TLCursorProps,
  Tldraw,
} from "tldraw";
import "tldraw/tldraw.css";
import "./boardCanvas.css";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { tldrawAssetUrls } from "../tldraw/assetUrls";
import { createUploadAssetStore } from "../tldraw/createUploadAssetStore";
import { registerLocalUrlPreview } from "../tldraw/localUrlPreview";
import { FacilitatorLockPanel, lockOverrides } from "./FacilitatorLocks";

export interface BoardCanvasProps {
  doc: Y.Doc;
  awareness: Awareness;
  online: boolean;
  readOnly: boolean;
  user: PresenceUser;
  licenseKey: string | null;
  getToken: () => string | null;
  /** Called with the editor once mounted (and with null when it goes), e.g. a PATH board's bar. */
  onEditor?: (editor: Editor | null) => void;
  /** Simple tools: a few tools with big targets, for people new to whiteboards. */
  simple?: boolean;
  /** No tldraw UI at all, only the cloth (a projector view). */
  hideUi?: boolean;
  /** A facilitator: the lock controls, and tldraw's lock toggle also takes facilitators' locks off. */
  facilitator?: boolean;
  /** Anonymous mode: others' cursors carry no name tag (the server sends no names either). */
  anonymous?: boolean;
}

/** The simple toolbar: select, move around, draw, erase, a sticky note, text. Nothing else. */
function SimpleToolbar() {
  return (
    <DefaultToolbar>
      <SelectToolbarItem />
      <HandToolbarItem />
      <DrawToolbarItem />
      <EraserToolbarItem />
      <NoteToolbarItem />
      <TextToolbarItem />
    </DefaultToolbar>
  );
}

/** Simple mode's parts of tldraw's UI (module-level: tldraw wants a stable object). */
const SIMPLE_COMPONENTS: TLComponents = {
  Toolbar: SimpleToolbar,
  ActionsMenu: null,
  QuickActions: null,
  HelpMenu: null,
  PageMenu: null,
  KeyboardShortcutsDialog: null,
};
const FULL_COMPONENTS: TLComponents = {};
const FACILITATOR_SIMPLE_COMPONENTS: TLComponents = {
  ...SIMPLE_COMPONENTS,
  SharePanel: FacilitatorLockPanel,
};
const FACILITATOR_FULL_COMPONENTS: TLComponents = { SharePanel: FacilitatorLockPanel };
/** A collaborator's cursor without its name tag (anonymous mode); a chat bubble still shows. */
function UnnamedCursor(props: TLCursorProps) {
  return <DefaultCursor {...props} name={null} />;
}
const unnamed = (components: TLComponents): TLComponents => ({
  ...components,
  CollaboratorCursor: UnnamedCursor,
});
/** Every combination, built once: [facilitator][simple][anonymous]. */
const COMPONENTS = {
  participant: {
    full: { named: FULL_COMPONENTS, unnamed: unnamed(FULL_COMPONENTS) },
    simple: { named: SIMPLE_COMPONENTS, unnamed: unnamed(SIMPLE_COMPONENTS) },
  },
  facilitator: {
    full: { named: FACILITATOR_FULL_COMPONENTS, unnamed: unnamed(FACILITATOR_FULL_COMPONENTS) },
    simple: {
      named: FACILITATOR_SIMPLE_COMPONENTS,
      unnamed: unnamed(FACILITATOR_SIMPLE_COMPONENTS),
    },
  },
} as const;
const FACILITATOR_OVERRIDES = lockOverrides(true);
const PARTICIPANT_OVERRIDES = lockOverrides(false);

// User Timing marks: the browser benchmark reads them to split a board's load into phases.
performance.mark("tablecloth:canvas-module");

declare global {
  interface Window {
    /** The board's editor, for the browser tests and benchmarks (and curious facilitators). */
    tableclothEditor?: Editor;
  }
}

/** The tldraw canvas bound to a board's Y.Doc; loaded on its own, only on board pages. */
export default function BoardCanvas(props: BoardCanvasProps) {
  const {
    doc,
    awareness,
    online,
    readOnly,
    user,
    licenseKey,
    getToken,
    onEditor,
    simple = false,
    hideUi = false,
    facilitator = false,
    anonymous = false,
  } = props;
  const bound = useRef<{ editor: Editor; setReadOnly: (readOnly: boolean) => void } | null>(null);
  const onEditorRef = useRef(onEditor);
  onEditorRef.current = onEditor;
  const [signals] = useState(() => ({
    status: atom<"online" | "offline">("connection status", online ? "online" : "offline"),
    mode: atom<"readonly" | "readwrite">("mode", readOnly ? "readonly" : "readwrite"),
  }));
  useEffect(() => {
    signals.status.set(online ? "online" : "offline");
  }, [signals, online]);
  useEffect(() => {
    signals.mode.set(readOnly ? "readonly" : "readwrite");
    // tldraw mounts once: a board that turns read-only later (a PATH step's watch phase) tells
    // the editor and the binding here.
    const current = bound.current;
    if (current) {
      current.editor.updateInstanceState({ isReadonly: readOnly });
      current.setReadOnly(readOnly);
    }
  }, [signals, readOnly]);

  const [store] = useState(() =>
    createTLStore({
      shapeUtils: defaultShapeUtils,
      bindingUtils: defaultBindingUtils,
      assets: createUploadAssetStore(getToken),
      collaboration: { status: signals.status, mode: signals.mode },
    }),
  );

  const onMount = useCallback(
    (editor: Editor) => {
      performance.mark("tablecloth:editor-mounted");
      registerLocalUrlPreview(editor);
      // tldraw's own menus (people, "you") show the name and colour people joined with.
      editor.user.updateUserPreferences({ name: user.name, color: user.color });
      editor.updateInstanceState({ isReadonly: readOnly });
      const binding = bindTldrawToYjs(store, doc, awareness, { editor, user, readOnly });
      performance.mark("tablecloth:bound");
      window.tableclothEditor = editor;
      bound.current = { editor, setReadOnly: (next) => binding.setReadOnly(next) };
      onEditorRef.current?.(editor);
      return () => {
        bound.current = null;
        onEditorRef.current?.(null);
        binding.dispose();
        if (window.tableclothEditor === editor) window.tableclothEditor = undefined;
      };
    },
    [store, doc, awareness, user, readOnly],
  );

  return (
    <div className={simple ? "board-canvas board-canvas--simple" : "board-canvas"}>
      <Tldraw
        store={store}
        assetUrls={tldrawAssetUrls}
        licenseKey={licenseKey ?? undefined}
        onMount={onMount}
        embeds={[]}
        components={
          COMPONENTS[facilitator ? "facilitator" : "participant"][simple ? "simple" : "full"][
            anonymous ? "unnamed" : "named"
          ]
        }
        overrides={facilitator ? FACILITATOR_OVERRIDES : PARTICIPANT_OVERRIDES}
        hideUi={hideUi}
      />
    </div>
  );
}

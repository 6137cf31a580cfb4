import type { Editor } from "tldraw";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import type { BindTldrawToYjsOptions } from "../BindTldrawToYjsOptions";
import { bindTldrawToYjs } from "../bindTldrawToYjs";
import type { TldrawYjsLogger } from "../Logger";
import type { TldrawYjsBinding } from "../TldrawYjsBinding";
import { createHeadlessEditor } from "./createHeadlessEditor";
import type { ManualScheduler } from "./ManualScheduler";

/** One client: a headless editor bound to its own Y.Doc. */
export interface Peer {
  editor: Editor;
  doc: Y.Doc;
  binding: TldrawYjsBinding;
  /** Yjs transactions (that changed the doc) this peer's binding made, counted from before binding. */
  transactions(): number;
  logs: { level: string; msg: string; fields?: Record<string, unknown> }[];
}

/** A logger that keeps what it is told, so tests can assert on warnings. */
export function recordingLogger(logs: Peer["logs"]): TldrawYjsLogger {
  const at =
    (level: string) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      logs.push({ level, msg, fields });
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

export function createPeer(
  scheduler: ManualScheduler,
  options: Partial<BindTldrawToYjsOptions> & { doc?: Y.Doc; awareness?: Awareness } = {},
): Peer {
  const doc = options.doc ?? new Y.Doc();
  const editor = createHeadlessEditor();
  const logs: Peer["logs"] = [];
  const origin = options.origin ?? { peer: doc.clientID };
  let transactions = 0;
  doc.on("update", (_update: Uint8Array, o: unknown) => {
    if (o === origin) transactions++;
  });
  const { doc: _doc, awareness, ...rest } = options;
  const binding = bindTldrawToYjs(editor.store, doc, awareness ?? null, {
    editor,
    scheduler,
    logger: recordingLogger(logs),
    origin,
    ...rest,
  });
  return { editor, doc, binding, logs, transactions: () => transactions };
}

/** The document-scope records of a store, sorted by id, for comparing peers. */
export function documentRecords(editor: Editor): unknown[] {
  return editor.store
    .allRecords()
    .filter((r) => editor.store.scopedTypes.document.has(r.typeName))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

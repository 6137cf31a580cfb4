import type { Editor, TLRecord } from "tldraw";
import type { ReplayRecord } from "./replayTimeline";

/** Records a board's history holds that the replay shows (the editor's own state is left alone). */
const BOARD_TYPES = new Set(["document", "page", "shape", "binding", "asset"]);
/** Records a seek or a whole board may remove: never the editor's pages or document. */
const CONTENT_TYPES = new Set(["shape", "binding", "asset"]);

function putAll(editor: Editor, records: readonly ReplayRecord[]): void {
  const put = records.filter((r) => BOARD_TYPES.has(String(r.typeName))) as unknown as TLRecord[];
  if (put.length === 0) return;
  try {
    editor.store.put(put);
  } catch {
    // One record tldraw cannot read must not hide the rest: put them one by one.
    for (const record of put) {
      try {
        editor.store.put([record]);
      } catch {
        // skipped: shown as missing rather than breaking the replay
      }
    }
  }
}

/** Applies a seek's diff to the replay's store, as one remote change (no undo, no sync). */
export function showChange(
  editor: Editor,
  change: { put: readonly ReplayRecord[]; removed: readonly string[] },
): void {
  const store = editor.store;
  store.mergeRemoteChanges(() => {
    // Before a board's first change its page is gone too; the editor keeps its own page then
    // (removing the page it shows, or the document, would pull the canvas from under it).
    const removed = change.removed.filter((id) => {
      const record = store.get(id as TLRecord["id"]);
      return record !== undefined && CONTENT_TYPES.has(record.typeName);
    });
    if (removed.length > 0) store.remove(removed as TLRecord["id"][]);
    putAll(editor, change.put);
  });
  ensurePage(editor);
}

/** Replaces whatever the store shows with exactly `records` (a first load, a reloaded history). */
export function showBoard(editor: Editor, records: ReadonlyMap<string, ReplayRecord>): void {
  const store = editor.store;
  store.mergeRemoteChanges(() => {
    const stale = store
      .allRecords()
      .filter((r) => CONTENT_TYPES.has(r.typeName) && !records.has(r.id))
      .map((r) => r.id);
    if (stale.length > 0) store.remove(stale);
    putAll(editor, [...records.values()]);
  });
  ensurePage(editor);
}

function ensurePage(editor: Editor): void {
  const pages = editor.getPages();
  if (!editor.getCurrentPage() && pages[0]) editor.setCurrentPage(pages[0].id);
}

import type { TLStore } from "@tldraw/editor";
import type * as Y from "yjs";
import type { BindTldrawToYjsOptions } from "./BindTldrawToYjsOptions";
import { bindTldrawToYjs } from "./bindTldrawToYjs";

/**
 * Put a synced doc's records into a store that no editor uses yet, so the editor's first render
 * already has every shape: tldraw then builds its shape index and renders the page once, instead
 * of mounting an empty page and taking every shape in as an incremental change.
 *
 * It reads exactly as {@link bindTldrawToYjs} does on bind (validation, migration, quarantine,
 * the store's default page replaced) and writes nothing to the doc. Bind afterwards as usual: the
 * binding finds the records already in place and only applies what changed since.
 */
export function loadDocIntoStore(
  store: TLStore,
  doc: Y.Doc,
  options: Pick<BindTldrawToYjsOptions, "logger" | "onQuarantine"> = {},
): void {
  bindTldrawToYjs(store, doc, null, { ...options, readOnly: true }).dispose();
}

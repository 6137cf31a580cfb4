import type { QuarantinedRecord } from "./Quarantine";

/** Handle returned by {@link bindTldrawToYjs}. */
export interface TldrawYjsBinding {
  /** Write pending local changes to the doc now, in one transaction. No-op when nothing is pending. */
  flush(): void;
  /** Flush, stop observing store, doc and awareness, remove remote presence from the store. */
  dispose(): void;
  /** In read-only mode local changes are not written to the doc (remote ones still apply). */
  setReadOnly(readOnly: boolean): void;
  isReadOnly(): boolean;
  /** Remote records that failed validation and were not applied (sync went on without them). */
  getQuarantine(): QuarantinedRecord[];
  /** The origin tag of this binding's Yjs transactions. */
  readonly origin: unknown;
}

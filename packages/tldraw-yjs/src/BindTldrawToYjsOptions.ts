import type { Editor } from "@tldraw/editor";
import type { TldrawYjsLogger } from "./Logger";
import type { QuarantinedRecord } from "./Quarantine";
import type { Scheduler } from "./Scheduler";

/** Who the local user is, as shown to others (cursor label and colour). */
export interface PresenceUser {
  /** Stable id of the user (e.g. the participant id). */
  id: string;
  name: string;
  /** CSS colour, e.g. `#e03131`. */
  color: string;
}

/** Options of {@link bindTldrawToYjs}. All optional. */
export interface BindTldrawToYjsOptions {
  /**
   * The editor using the store. Enables: flush at once on pointer-up, protection of the shapes the
   * user is dragging / resizing / rotating / typing in from remote changes until they let go, and
   * presence (cursor, selection, follow, laser) derived from the editor's session records.
   */
  editor?: Editor;
  /** The local user. Without it, no presence is published (remote presence is still shown). */
  user?: PresenceUser;
  /** Start read-only: local changes are not written to the doc. Change later with `setReadOnly`. */
  readOnly?: boolean;
  /**
   * Throttle window for local changes, ms: at most one Yjs transaction per window, the first
   * change after a quiet spell written at once. Default {@link DEFAULT_BATCH_MS} (33).
   */
  batchMs?: number;
  /** Minimum interval between presence publications, ms. Default 50 (20 Hz). */
  presenceIntervalMs?: number;
  /**
   * Most bytes of the published presence; bigger ones are trimmed (see `trimPresence`). Default
   * `DEFAULT_PRESENCE_MAX_BYTES` (4 KiB, half the server's awareness state limit).
   */
  presenceMaxBytes?: number;
  /** Timer source; inject one in tests. Default: global timers. */
  scheduler?: Scheduler;
  logger?: TldrawYjsLogger;
  /**
   * Origin of the binding's Yjs transactions; its own transactions are ignored when observed.
   * Default: a fresh object unique to this binding.
   */
  origin?: unknown;
  /** Called whenever a remote record is quarantined. */
  onQuarantine?(entry: QuarantinedRecord): void;
}

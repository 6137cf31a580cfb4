import { CloseCode } from "@tablecloth/protocol";
import type * as Y from "yjs";
import type { AcceptedState } from "./AcceptedState";
import type { Connection } from "./Connection";
import type { RoomHost } from "./RoomHost";
import type { TimerHandle } from "./types";

/**
 * A room's pending structs (client updates waiting for missing dependencies): who left them, and
 * the deadline (`maxPendingMs`) and size (`maxPendingBytes`) past which they are dropped and their
 * senders closed. Pending structs are never logged or relayed.
 */
export class PendingStructs {
  /** Connections whose updates left pending structs (missing dependencies) in the doc. */
  private readonly contributors = new Set<Connection>();
  /** Fires `maxPendingMs` after the doc last went from no pending structs to some. */
  private timer: TimerHandle | null = null;

  constructor(
    private readonly docName: string,
    private readonly doc: Y.Doc,
    private readonly state: AcceptedState,
    private readonly host: RoomHost,
    /** Applies held update frames (run before the deadline judges the doc). */
    private readonly applyHeld: () => void,
  ) {}

  /** Whether some connection's update left pending structs not yet judged. */
  hasContributors(): boolean {
    return this.contributors.size > 0;
  }

  /**
   * Tracks the pending structs `conn`'s applied update left. `pendingBefore`: the doc's pending
   * bytes before the update; only an update that added to them makes its sender a contributor
   * (an honest writer's edit applied meanwhile does not).
   */
  afterApply(conn: Connection, pendingBefore: number): void {
    if (!this.state.hasPending()) {
      this.clear();
      return;
    }
    const pending = this.state.pendingBytes();
    if (pending > pendingBefore) this.contributors.add(conn);
    if (pending > this.host.config.maxPendingBytes) {
      // Honest contributors lose nothing: their step 2 brings everything they have again.
      this.discard();
      this.host.close(conn, CloseCode.TooLarge, "pending updates over maxPendingBytes");
      return;
    }
    if (this.timer === null) {
      this.timer = this.host.scheduler.setTimeout(this.onTimeout, this.host.config.maxPendingMs);
    }
    this.check();
  }

  /**
   * Pending structs are legitimate for a moment: a client reconnecting with offline edits may
   * send a fresh update before its sync step 2 fills the gap. Once every connection that
   * contributed has sent its step 2 (or left) and the gap is still open, the update was broken:
   * drop the pending part (it was never logged or relayed) and close its senders.
   */
  check(): void {
    if (!this.state.hasPending()) {
      this.clear();
      return;
    }
    for (const conn of this.contributors) {
      if (conn.state.kind !== "closed" && !conn.sentStep2) return;
    }
    const open = [...this.contributors].filter((conn) => conn.state.kind !== "closed");
    this.discard();
    for (const conn of open)
      this.host.close(conn, CloseCode.BadMessage, "update with missing dependencies");
  }

  /** Stops the deadline. */
  destroy(): void {
    if (this.timer !== null) this.host.scheduler.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Nothing is pending (any more): forget the contributors and the deadline. */
  private clear(): void {
    this.contributors.clear();
    if (this.timer !== null) this.host.scheduler.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Drops the pending structs (never logged or relayed) and forgets their contributors. */
  private discard(): void {
    this.doc.store.pendingStructs = null;
    this.doc.store.pendingDs = null;
    this.state.invalidate();
    this.host.metrics.pendingDiscarded++;
    this.host.logger.warn("discarded update with missing dependencies", { docName: this.docName });
    this.clear();
  }

  /** `maxPendingMs` passed with the gap still open: whoever left it never meant to fill it. */
  private readonly onTimeout = (): void => {
    this.timer = null;
    this.applyHeld();
    if (!this.state.hasPending()) {
      this.clear();
      return;
    }
    const open = [...this.contributors].filter((conn) => conn.state.kind !== "closed");
    this.discard();
    for (const conn of open) {
      this.host.close(conn, CloseCode.BadMessage, "missing dependencies past maxPendingMs");
    }
  };
}

import type {
  AppendResult,
  CheckpointInput,
  DocStore,
  DocUsage,
  HistoryEntry,
  LogEntryInput,
  StoredDoc,
} from "@tablecloth/storage";
import { MemoryDocStore } from "@tablecloth/storage";

/** One recorded `append` call. */
export interface AppendCall {
  entries: number;
  docs: string[];
  checkpoints: string[];
  ok: boolean;
}

/**
 * A real `MemoryDocStore` with fault injection: loads can be held on a gate or fail, appends can
 * fail on demand, and every call is recorded.
 */
export class ControlledStore implements DocStore {
  readonly inner = new MemoryDocStore();
  loadCalls = 0;
  readonly appends: AppendCall[] = [];
  /** When set, loads wait for `releaseLoads()`. */
  private gate: { promise: Promise<void>; release: () => void } | null = null;
  /** When set, appends wait for `releaseAppends()`. */
  private appendGate: { promise: Promise<void>; release: () => void } | null = null;
  /** Loads fail while true. */
  failLoads = false;
  /** The next this-many appends fail. */
  failAppends = 0;
  /** Appends currently running (must never exceed 1). */
  appendsInFlight = 0;
  maxAppendsInFlight = 0;

  holdLoads(): void {
    let release = () => {};
    const promise = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.gate = { promise, release };
  }

  holdAppends(): void {
    let release = () => {};
    const promise = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.appendGate = { promise, release };
  }

  releaseAppends(): void {
    this.appendGate?.release();
    this.appendGate = null;
  }

  releaseLoads(): void {
    this.gate?.release();
    this.gate = null;
  }

  async load(docName: string): Promise<StoredDoc> {
    this.loadCalls++;
    if (this.gate !== null) await this.gate.promise;
    if (this.failLoads) throw new Error("injected load failure");
    return this.inner.load(docName);
  }

  async append(
    entries: readonly LogEntryInput[],
    checkpoints: readonly CheckpointInput[] = [],
  ): Promise<AppendResult> {
    this.appendsInFlight++;
    this.maxAppendsInFlight = Math.max(this.maxAppendsInFlight, this.appendsInFlight);
    const call: AppendCall = {
      entries: entries.length,
      docs: [...new Set(entries.map((entry) => entry.docName))],
      checkpoints: checkpoints.map((checkpoint) => checkpoint.docName),
      ok: false,
    };
    this.appends.push(call);
    try {
      await Promise.resolve();
      if (this.appendGate !== null) await this.appendGate.promise;
      if (this.failAppends > 0) {
        this.failAppends--;
        throw new Error("injected append failure");
      }
      const result = await this.inner.append(entries, checkpoints);
      call.ok = true;
      return result;
    } finally {
      this.appendsInFlight--;
    }
  }

  history(docName: string): Promise<HistoryEntry[]> {
    return this.inner.history(docName);
  }

  stateAt(docName: string, at: number): Promise<Uint8Array> {
    return this.inner.stateAt(docName, at);
  }

  usage(docName: string): Promise<DocUsage> {
    return this.inner.usage(docName);
  }

  exists(docName: string): Promise<boolean> {
    return this.inner.exists(docName);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

import * as Y from "yjs";
import { encodeSyncStep1, encodeSyncStep2 } from "./encodeMessage";

const EMPTY_STATE_VECTOR_BYTE = 0;

/**
 * What a room's doc accepted so far, encoded: the full state, the sync step 1 and the answer to
 * an empty step 1, each encoded once per doc version, never including pending structs (updates
 * waiting for missing dependencies, which were never logged or relayed).
 */
export class AcceptedState {
  /** Cheap running estimate of the encoded doc size, re-measured whenever the full state is encoded. */
  approxBytes: number;
  private fullState: Uint8Array | null = null;
  private fullStateMessage: Uint8Array | null = null;
  private step1Message: Uint8Array | null = null;

  constructor(
    private readonly doc: Y.Doc,
    loadedBytes: number,
  ) {
    this.approxBytes = loadedBytes;
  }

  hasPending(): boolean {
    return this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
  }

  /** Bytes of the updates waiting for missing dependencies (Yjs keeps them merged). */
  pendingBytes(): number {
    const store = this.doc.store;
    return (store.pendingStructs?.update.byteLength ?? 0) + (store.pendingDs?.byteLength ?? 0);
  }

  /** The answer to a sync step 1 carrying `stateVector`. */
  answerStep1(stateVector: Uint8Array): Uint8Array {
    if (stateVector.byteLength === 1 && stateVector[0] === EMPTY_STATE_VECTOR_BYTE) {
      return this.getFullStateMessage();
    }
    return encodeSyncStep2(this.encodeAccepted(stateVector));
  }

  /** The doc's changes since `before`, excluding pending structs and deletes. */
  diffSince(before: Map<number, number>): Uint8Array {
    return this.encodeAccepted(Y.encodeStateVector(before));
  }

  getFullState(): Uint8Array {
    if (this.fullState === null) {
      this.fullState = this.encodeAccepted();
      this.approxBytes = this.fullState.byteLength;
    }
    return this.fullState;
  }

  getStep1Message(): Uint8Array {
    if (this.step1Message === null)
      this.step1Message = encodeSyncStep1(Y.encodeStateVector(this.doc));
    return this.step1Message;
  }

  /** The doc changed by `bytes` (an accepted update): the encodings are stale. */
  changed(bytes: number): void {
    this.invalidate();
    this.approxBytes += bytes;
  }

  invalidate(): void {
    this.fullState = null;
    this.fullStateMessage = null;
    this.step1Message = null;
  }

  private getFullStateMessage(): Uint8Array {
    if (this.fullStateMessage === null)
      this.fullStateMessage = encodeSyncStep2(this.getFullState());
    return this.fullStateMessage;
  }

  /**
   * `Y.encodeStateAsUpdate` without the pending structs and deletes, which it would otherwise
   * merge in: they were never accepted (logged or relayed), so neither a joiner nor a checkpoint
   * may get them.
   */
  private encodeAccepted(stateVector?: Uint8Array): Uint8Array {
    const store = this.doc.store;
    const pendingStructs = store.pendingStructs;
    const pendingDs = store.pendingDs;
    if (pendingStructs === null && pendingDs === null) {
      return Y.encodeStateAsUpdate(this.doc, stateVector);
    }
    store.pendingStructs = null;
    store.pendingDs = null;
    try {
      return Y.encodeStateAsUpdate(this.doc, stateVector);
    } finally {
      store.pendingStructs = pendingStructs;
      store.pendingDs = pendingDs;
    }
  }
}

/** The doc's state vector as a map (client → next clock). */
export function stateVectorOf(doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

/** Delete ranges recorded so far in a transaction, of `clients` (all when null). */
export function countDeletes(
  deletes: ReadonlyMap<number, readonly unknown[]>,
  clients: readonly number[] | null,
): number {
  let n = 0;
  if (clients === null) {
    for (const items of deletes.values()) n += items.length;
    return n;
  }
  for (const client of clients) n += deletes.get(client)?.length ?? 0;
  return n;
}

/** Whether a transaction changed anything (the same test Yjs uses before emitting `update`). */
export function transactionChanged(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of transaction.afterState) {
    if (transaction.beforeState.get(client) !== clock) return true;
  }
  return false;
}

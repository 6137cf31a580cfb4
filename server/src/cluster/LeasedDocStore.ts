import {
  type AppendResult,
  type CheckpointInput,
  type DocStore,
  type DocUsage,
  type HistoryEntry,
  type LogEntryInput,
  type PgLeases,
  StorageError,
  type StoredDoc,
} from "@tablecloth/storage";
import { eventKeyOfDoc } from "./eventKey";

/**
 * The doc store of an instance in a cluster: loading a doc (to serve it) and appending to it
 * take the doc's event lease first, so the instance that creates an event or first serves it
 * becomes its owner; if another live instance owns it, both refuse with `StorageError`
 * `"fenced"` (requests are routed to the owner, so this only happens in a race with a handover).
 * The wrapped `PgDocStore` checks the fence again inside each append's transaction. Reads of
 * committed history (`history`, `stateAt`, `usage`, `exists`) are safe anywhere.
 */
export class LeasedDocStore implements DocStore {
  constructor(
    private readonly inner: DocStore,
    private readonly leases: PgLeases,
  ) {}

  async append(
    entries: readonly LogEntryInput[],
    checkpoints: readonly CheckpointInput[] = [],
  ): Promise<AppendResult> {
    const docsOf = new Map<string, Set<string>>();
    for (const { docName } of [...entries, ...checkpoints]) {
      const key = eventKeyOfDoc(docName);
      const docs = docsOf.get(key) ?? new Set<string>();
      docs.add(docName);
      docsOf.set(key, docs);
    }
    for (const [key, docs] of docsOf) await this.own(key, [...docs]);
    try {
      return await this.inner.append(entries, checkpoints);
    } catch (error) {
      // Taken while we were not looking: stop claiming it, so new sockets go to the owner.
      if (error instanceof StorageError && error.code === "fenced") {
        for (const docName of error.docNames) this.leases.forget(eventKeyOfDoc(docName));
      }
      throw error;
    }
  }

  async load(docName: string): Promise<StoredDoc> {
    await this.own(eventKeyOfDoc(docName), [docName]);
    return this.inner.load(docName);
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

  private async own(eventKey: string, docNames: readonly string[]): Promise<void> {
    if (this.leases.fenceOf(eventKey) !== null) return;
    const owner = await this.leases.ownerOf(eventKey);
    if (owner.instanceId !== this.leases.instanceId) {
      throw new StorageError("fenced", `event ${eventKey} is owned by another instance`, docNames);
    }
  }
}

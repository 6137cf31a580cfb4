/** A remote record that could not be applied to the local store. */
export interface QuarantinedRecord {
  /** Record id (the key in the doc's records map). */
  id: string;
  /** The record as read from the doc (plain JSON), for inspection. */
  record: unknown;
  /** Why it was rejected (validation or store error message). */
  reason: string;
  /** When it was quarantined, from the binding's scheduler clock. */
  at: number;
}

/**
 * Remote records that failed validation, keyed by id. A later valid version of the same record
 * releases it; a deletion forgets it.
 */
export class Quarantine {
  private readonly entries = new Map<string, QuarantinedRecord>();

  add(entry: QuarantinedRecord): void {
    this.entries.set(entry.id, entry);
  }

  release(id: string): boolean {
    return this.entries.delete(id);
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  get size(): number {
    return this.entries.size;
  }

  list(): QuarantinedRecord[] {
    return [...this.entries.values()];
  }
}

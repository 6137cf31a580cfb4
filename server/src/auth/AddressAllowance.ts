/**
 * How many new identities each (join code, client address) pair has minted, against a fixed
 * share. A whole venue joins from one address, so the share is large (it must hold every person
 * in the room); what it guarantees is that one address alone never fills an event's cap, and
 * rotating the join code gives every address a fresh share (the key holds the code).
 *
 * In memory and bounded: beyond `maxKeys` the least recently used pair is forgotten, which only
 * ever hands that pair a fresh share. A restart forgets every count as well.
 */
export class AddressAllowance {
  private readonly counts = new Map<string, number>();

  constructor(
    /** New identities one address may mint with one code. */
    readonly share: number,
    private readonly maxKeys: number,
  ) {
    if (!(share >= 1) || !(maxKeys >= 1)) throw new RangeError("share and maxKeys must be >= 1");
  }

  /** Counts one identity for `address` under `code`; false (and counts nothing) past the share. */
  take(code: string, address: string): boolean {
    const key = `${code} ${address}`;
    const used = this.counts.get(key) ?? 0;
    if (used >= this.share) return false;
    this.counts.delete(key);
    this.counts.set(key, used + 1);
    while (this.counts.size > this.maxKeys) {
      const oldest = this.counts.keys().next();
      if (oldest.done) break;
      this.counts.delete(oldest.value);
    }
    return true;
  }

  /** Gives back one identity (the join it was taken for did not happen). */
  giveBack(code: string, address: string): void {
    const key = `${code} ${address}`;
    const used = this.counts.get(key);
    if (used !== undefined && used > 0) this.counts.set(key, used - 1);
  }
}

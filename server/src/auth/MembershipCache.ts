import type { DocOwner, EventStore, ParticipantRecord } from "../events/EventStore";

export interface MembershipCacheOptions {
  /** Participants and doc owners remembered each; least recently used ones are dropped beyond. */
  maxEntries: number;
}

/**
 * A bounded, approximately least-recently-used map. A hit on an entry touched within the last
 * `max / 2` insertions leaves it in place: at every socket upgrade the hit path is then one
 * `Map.get`, not a delete and re-insert; eviction still takes the least recently touched entry.
 */
class Lru<V> {
  private readonly map = new Map<string, { value: V; touched: number }>();
  /** Insertions (and moves to the newest end) so far. */
  private clock = 0;
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const entry = this.map.get(key);
    if (entry === undefined) return undefined;
    if ((this.clock - entry.touched) * 2 >= this.max) {
      this.map.delete(key);
      entry.touched = ++this.clock;
      this.map.set(key, entry);
    }
    return entry.value;
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, { value, touched: ++this.clock });
    while (this.map.size > this.max) {
      const oldest = this.map.keys().next();
      if (oldest.done) return;
      this.map.delete(oldest.value);
    }
  }
}

/**
 * What every request and every socket upgrade asks: is this participant still in, and which event
 * owns this doc. Answers from memory after the first lookup; the API writes through it
 * (`remember`) on rename and removal, so a removal is seen by the very next check.
 * One server instance: with several, removal must also be published between them.
 */
export class MembershipCache {
  private readonly participants: Lru<ParticipantRecord>;
  private readonly owners: Lru<DocOwner>;

  constructor(
    private readonly store: EventStore,
    options: MembershipCacheOptions,
  ) {
    this.participants = new Lru(options.maxEntries);
    this.owners = new Lru(options.maxEntries);
  }

  async participant(participantId: string): Promise<ParticipantRecord | null> {
    const cached = this.participants.get(participantId);
    if (cached) return cached;
    const found = await this.store.getParticipant(participantId);
    if (!found) return null;
    // A removal remembered while the store was being read wins over what was read.
    const raced = this.participants.get(participantId);
    if (raced) return raced;
    this.participants.set(participantId, found);
    return found;
  }

  /** Records the participant's current state (after a rename, a removal or a join). */
  remember(participant: ParticipantRecord): void {
    const known = this.participants.get(participant.id);
    // Removal is final: a stale record must not bring someone back.
    const removedAt = known?.removedAt ?? participant.removedAt;
    this.participants.set(participant.id, { ...participant, removedAt });
  }

  /** The event owning a doc. Owners never change, so only found ones are cached. */
  async docOwner(docName: string): Promise<DocOwner | null> {
    const cached = this.owners.get(docName);
    if (cached) return cached;
    const found = await this.store.findDocOwner(docName);
    if (found) this.owners.set(docName, found);
    return found;
  }
}

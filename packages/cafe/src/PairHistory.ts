/** Who sits where: participant id → table id, or `null` for someone present but not seated. */
export type Seating = Readonly<Record<string, string | null>>;

/** Read access to pair counts: a `PairHistory`, or a history plus one more seating. */
export interface PairCounts {
  /** How many times `a` and `b` have sat together. */
  count(a: string, b: string): number;
  /** Calls `visit` once for every person `id` has sat with, with how often. */
  forEachPartner(id: string, visit: (partnerId: string, times: number) => void): void;
}

/**
 * How often each pair of people has sat at the same table. Memory grows with the pairs that
 * actually met (an adjacency map, stored both ways), never with n²: 2,000 people over 200 tables
 * of 10 add 9,000 pairs a round.
 */
export class PairHistory implements PairCounts {
  readonly #partners = new Map<string, Map<string, number>>();
  #pairs = 0;

  /** Pair counts of the given past seatings. */
  static fromSeatings(seatings: Iterable<Seating>): PairHistory {
    const history = new PairHistory();
    for (const seating of seatings) history.addSeating(seating);
    return history;
  }

  /** Counts one meeting for every pair seated at the same table in `seating`. */
  addSeating(seating: Seating): void {
    const byTable = new Map<string, string[]>();
    for (const [participantId, tableId] of Object.entries(seating)) {
      if (tableId === null) continue;
      const members = byTable.get(tableId);
      if (members === undefined) byTable.set(tableId, [participantId]);
      else members.push(participantId);
    }
    for (const members of byTable.values()) {
      for (let i = 0; i < members.length; i++) {
        for (let j = i + 1; j < members.length; j++) {
          this.addMeeting(members[i] as string, members[j] as string);
        }
      }
    }
  }

  /** Counts one meeting of `a` and `b` (order does not matter; a person never meets themself). */
  addMeeting(a: string, b: string, times = 1): void {
    if (a === b || times <= 0) return;
    const before = this.#bump(a, b, times);
    this.#bump(b, a, times);
    if (before === 0) this.#pairs++;
  }

  /** How many times `a` and `b` have sat together. */
  count(a: string, b: string): number {
    return this.#partners.get(a)?.get(b) ?? 0;
  }

  /** Everyone `id` has sat with, and how often. */
  partnersOf(id: string): ReadonlyMap<string, number> {
    return this.#partners.get(id) ?? EMPTY;
  }

  forEachPartner(id: string, visit: (partnerId: string, times: number) => void): void {
    for (const [partnerId, times] of this.partnersOf(id)) visit(partnerId, times);
  }

  /**
   * These counts plus one more round, `seating`, without copying anything: the planner measures
   * against "earlier rounds + the round now ending" this way, in time proportional to the people.
   */
  withSeating(seating: Seating): PairCounts {
    const byTable = new Map<string, string[]>();
    for (const [participantId, tableId] of Object.entries(seating)) {
      if (tableId === null) continue;
      const members = byTable.get(tableId);
      if (members === undefined) byTable.set(tableId, [participantId]);
      else members.push(participantId);
    }
    const sameTable = (a: string, b: string): boolean => {
      const table = seating[a];
      return a !== b && table !== undefined && table !== null && seating[b] === table;
    };
    return {
      count: (a, b) => this.count(a, b) + (sameTable(a, b) ? 1 : 0),
      forEachPartner: (id, visit) => {
        const earlier = this.partnersOf(id);
        for (const [partnerId, times] of earlier) {
          visit(partnerId, times + (sameTable(id, partnerId) ? 1 : 0));
        }
        const table = seating[id];
        if (table === undefined || table === null) return;
        for (const mate of byTable.get(table) ?? []) {
          if (mate !== id && !earlier.has(mate)) visit(mate, 1);
        }
      },
    };
  }

  /** Number of distinct pairs that have met at least once. */
  get pairCount(): number {
    return this.#pairs;
  }

  #bump(a: string, b: string, times: number): number {
    let partners = this.#partners.get(a);
    if (partners === undefined) {
      partners = new Map();
      this.#partners.set(a, partners);
    }
    const before = partners.get(b) ?? 0;
    partners.set(b, before + times);
    return before;
  }
}

const EMPTY: ReadonlyMap<string, number> = new Map();

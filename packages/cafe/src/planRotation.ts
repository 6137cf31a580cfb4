// Over 400 lines on purpose: one algorithm (greedy seating, then bounded pairwise-swap search
// with restarts) whose phases share the same compact integer arrays and invariants; split, its
// hot loops would pass those arrays across module boundaries for no gain in clarity.
import { computeRotationStats } from "./computeRotationStats";
import { createRandom, type Random } from "./createRandom";
import { PairHistory, type Seating } from "./PairHistory";
import type { RotationInput, RotationMove, RotationPlan } from "./rotationTypes";
import { validateRotationInput } from "./validateRotationInput";
import { waterFill } from "./waterFill";

/** Named limits of the planner's search; the defaults keep 2,000 people well under 100 ms. */
export const ROTATION_LIMITS = {
  /** Restarts = restartBudget / movers, so small cafés get many tries and large ones one. */
  restartBudget: 1_000,
  /** Never more restarts than this. */
  maxRestarts: 16,
  /** Passes of pairwise swaps after each greedy seating. */
  maxSwapPasses: 8,
  /** Partner look-ups one local search may spend before it stops. */
  swapWorkBudget: 3_000_000,
} as const;

/**
 * Plans the next World Café round: hosts stay; every traveller goes to a different table than
 * the one they sat at; late arrivals get seats; table sizes are as even as capacities allow; and
 * people who sat together before are kept apart as much as a greedy seating plus bounded
 * pairwise-swap search can manage. The same input and seed give the same plan.
 *
 * Edge cases, in priority order (hosts > capacity > moving > balance > fewer repeats):
 * - one table: nobody can move, so travellers stay; late arrivals are seated if there is room;
 * - a table with no host, or whose host is absent (not a key of `seating`): everyone there
 *   travels and the table is listed in `stats.hostlessTables`;
 * - a host present but not seated (`null`) is seated at their own table;
 * - more people than total capacity: late arrivals, then travellers, are left unseated (seeded
 *   choice) and listed in `stats.unseated`;
 * - capacities that leave travellers nowhere else to go: nobody stays while any seating of
 *   everyone present lets every traveller move; otherwise travellers stay one at a time (from
 *   the table whose leavers have least room elsewhere) until the rest can move; they are listed
 *   in `stats.stayed`.
 *
 * @throws CafeError for an input that cannot be planned (see `validateRotationInput`).
 */
export function planRotation(input: RotationInput): RotationPlan {
  const seed = input.seed ?? 1;
  const { tables } = input;
  // A copy: the plan keeps it as `base`, and the caller may keep editing their object.
  const seating: Seating = { ...input.seating };
  const tableIndex = validateRotationInput(tables, seating);
  const earlier = toHistory(input.history);
  // Earlier rounds plus the round now ending, without copying the caller's history.
  const pairs = earlier.withSeating(seating);
  const random = createRandom(seed);

  const tableCount = tables.length;
  const people = Object.keys(seating).sort();
  const n = people.length;
  const indexOf = new Map<string, number>();
  people.forEach((id, p) => {
    indexOf.set(id, p);
  });
  const capacity = tables.map((t) => t.capacity ?? Number.POSITIVE_INFINITY);

  // Where each person sat (-1: nowhere) and where they must sit (-1: free to move).
  const origin = new Int32Array(n).fill(-1);
  const fixedAt = new Int32Array(n).fill(-1);
  const hostTable = new Map<string, number>();
  tables.forEach((t, i) => {
    if (t.hostId !== null) hostTable.set(t.hostId, i);
  });
  const travellers: number[] = [];
  const late: number[] = [];
  for (let p = 0; p < n; p++) {
    const id = people[p] as string;
    const tableId = seating[id] ?? null;
    origin[p] = tableId === null ? -1 : (tableIndex.get(tableId) as number);
    const hosted = hostTable.get(id);
    if (hosted !== undefined) fixedAt[p] = hosted;
    else if (origin[p] === -1) late.push(p);
    else travellers.push(p);
  }

  // More people than seats: the late are left out first, then travellers.
  const unseated = new Uint8Array(n);
  const totalCapacity = capacity.reduce((a, b) => a + b, 0);
  let overflow = n - totalCapacity;
  for (const p of [...random.shuffle([...late]), ...random.shuffle([...travellers])]) {
    if (overflow <= 0) break;
    unseated[p] = 1;
    overflow--;
  }
  const seatedCount = n - unseated.reduce((a, b) => a + b, 0);
  const seatedLate = late.filter((p) => unseated[p] === 0);

  const fixedCount = new Array<number>(tableCount).fill(0);
  const moversFrom = new Array<number>(tableCount).fill(0);
  const byOrigin: number[][] = tables.map(() => []);
  for (let p = 0; p < n; p++) {
    const t = fixedAt[p] as number;
    if (t >= 0) fixedCount[t] = (fixedCount[t] as number) + 1;
  }
  for (const p of travellers) {
    if (unseated[p] === 1) continue;
    const o = origin[p] as number;
    if (tableCount === 1) {
      fixedAt[p] = o;
      fixedCount[o] = (fixedCount[o] as number) + 1;
    } else {
      moversFrom[o] = (moversFrom[o] as number) + 1;
      byOrigin[o]?.push(p);
    }
  }
  for (const list of byOrigin) random.shuffle(list);

  // Sizes: balanced within capacity and within what lets every traveller leave their table
  // (table i can take at most F - m_i + fixed_i people, F = seats for movers, m_i its leavers).
  let sizes: number[] | null = null;
  for (;;) {
    const free = moversFrom.reduce((a, b) => a + b, 0) + seatedLate.length;
    const upper = capacity.map((c, i) =>
      Math.min(c, free - (moversFrom[i] as number) + (fixedCount[i] as number)),
    );
    sizes = waterFill(fixedCount, upper, seatedCount, random);
    if (sizes !== null) break;
    // Infeasible: let one traveller stay at the table whose leavers have the least room elsewhere.
    let pick = -1;
    for (let i = 0; i < tableCount; i++) {
      const ok =
        (moversFrom[i] as number) > 0 &&
        (fixedCount[i] as number) < (capacity[i] as number) &&
        (upper[i] as number) < (capacity[i] as number);
      if (ok && (pick < 0 || (moversFrom[i] as number) > (moversFrom[pick] as number))) pick = i;
    }
    if (pick < 0) {
      sizes = waterFill(fixedCount, capacity, seatedCount, random);
      break;
    }
    const p = byOrigin[pick]?.pop() as number;
    fixedAt[p] = pick;
    fixedCount[pick] = (fixedCount[pick] as number) + 1;
    moversFrom[pick] = (moversFrom[pick] as number) - 1;
  }
  if (sizes === null) throw new Error("planRotation: seats do not add up (a bug)");

  const movers: number[] = [];
  for (let p = 0; p < n; p++) if (unseated[p] === 0 && (fixedAt[p] as number) < 0) movers.push(p);
  const graph = buildPartnerGraph(people, indexOf, earlier, origin, tableCount);
  const search = new SeatingSearch(tableCount, origin, fixedAt, unseated, graph, sizes, movers);
  const restarts = Math.max(
    1,
    Math.min(
      ROTATION_LIMITS.maxRestarts,
      Math.floor(ROTATION_LIMITS.restartBudget / Math.max(1, movers.length)),
    ),
  );
  let best: Int32Array | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < restarts; attempt++) {
    search.greedy(random);
    search.improve(random);
    const score = search.score();
    if (score < bestScore) {
      bestScore = score;
      best = search.tableOf.slice();
    }
    if (score === 0) break;
  }
  const tableOf = best ?? search.tableOf;

  const planned: Record<string, string | null> = {};
  const moves: RotationMove[] = [];
  for (let p = 0; p < n; p++) {
    const id = people[p] as string;
    const t = tableOf[p] as number;
    const to = t < 0 ? null : (tables[t]?.id as string);
    const from = seating[id] ?? null;
    planned[id] = to;
    if (from !== to) moves.push({ participantId: id, from, to });
  }
  return {
    seed,
    tables,
    base: seating,
    seating: planned,
    moves,
    stats: computeRotationStats(tables, seating, planned, pairs),
    pairs,
  };
}

function toHistory(history: RotationInput["history"]): PairHistory {
  if (history === undefined) return new PairHistory();
  if (history instanceof PairHistory) return history;
  return PairHistory.fromSeatings(history);
}

/** Pair counts among the people present, as flat arrays (compressed sparse rows). */
interface PartnerGraph {
  readonly start: Int32Array;
  readonly partner: Int32Array;
  readonly times: Float64Array;
}

function buildPartnerGraph(
  people: readonly string[],
  indexOf: ReadonlyMap<string, number>,
  earlier: PairHistory,
  origin: Int32Array,
  tableCount: number,
): PartnerGraph {
  // The round now ending counts as one more meeting of everyone who shares an origin table.
  const mates: number[][] = Array.from({ length: tableCount }, () => []);
  for (let p = 0; p < people.length; p++) {
    const o = origin[p] as number;
    if (o >= 0) mates[o]?.push(p);
  }
  const start = new Int32Array(people.length + 1);
  const partner: number[] = [];
  const times: number[] = [];
  for (let p = 0; p < people.length; p++) {
    start[p] = partner.length;
    const o = origin[p] as number;
    const met = earlier.partnersOf(people[p] as string);
    for (const [otherId, count] of met) {
      const q = indexOf.get(otherId);
      if (q === undefined) continue;
      partner.push(q);
      times.push(count + (o >= 0 && origin[q] === o ? 1 : 0));
    }
    if (o < 0) continue;
    for (const q of mates[o] as number[]) {
      if (q !== p && !met.has(people[q] as string)) {
        partner.push(q);
        times.push(1);
      }
    }
  }
  start[people.length] = partner.length;
  return { start, partner: Int32Array.from(partner), times: Float64Array.from(times) };
}

/**
 * One seating under construction. `greedy` seats movers one by one into the free seat with the
 * fewest past meetings, never breaking the condition that keeps every later traveller able to
 * leave their table; `improve` then swaps pairs of movers while that lowers the total.
 */
class SeatingSearch {
  readonly tableOf: Int32Array;
  readonly #members: number[][];
  /** Past meetings of the current person with each table (scratch, cleared after use). */
  readonly #byTable: Float64Array;
  /** Past meetings of the current person with each other person (scratch). */
  readonly #byPerson: Float64Array;
  #stays = 0;

  constructor(
    readonly tableCount: number,
    readonly origin: Int32Array,
    readonly fixedAt: Int32Array,
    readonly unseated: Uint8Array,
    readonly graph: PartnerGraph,
    readonly sizes: readonly number[],
    readonly movers: readonly number[],
  ) {
    this.tableOf = new Int32Array(origin.length);
    this.#members = [];
    this.#byTable = new Float64Array(tableCount);
    this.#byPerson = new Float64Array(origin.length);
  }

  greedy(random: Random): void {
    const { tableCount, origin, fixedAt, tableOf } = this;
    tableOf.fill(-1);
    this.#members.length = 0;
    for (let t = 0; t < tableCount; t++) this.#members.push([]);
    const seats = Int32Array.from(this.sizes);
    for (let p = 0; p < tableOf.length; p++) {
      const t = fixedAt[p] as number;
      if (t >= 0 && this.unseated[p] === 0) {
        tableOf[p] = t;
        this.#members[t]?.push(p);
        seats[t] = (seats[t] as number) - 1;
      }
    }
    // leaving[k]: movers still to seat who sat at k; free: seats still open.
    const leaving = new Int32Array(tableCount);
    for (const p of this.movers) {
      const o = origin[p] as number;
      if (o >= 0) leaving[o] = (leaving[o] as number) + 1;
    }
    let free = 0;
    for (const room of seats) free += room;
    this.#stays = 0;

    const byTable = this.#byTable;
    for (const p of random.shuffle(this.movers.slice())) {
      const o = origin[p] as number;
      this.#tally(p);
      // A table whose own leavers need every other open seat must get this person now
      // (`forced`); otherwise the open seat with the fewest past meetings, roomier tables first.
      let forced = -1;
      let worst = -1;
      let target = -1;
      let bestCost = Number.POSITIVE_INFINITY;
      let bestRoom = -1;
      // Scanning from a random table breaks ties at random with one draw per person.
      const offset = random.int(tableCount);
      for (let step = 0; step < tableCount; step++) {
        const t = offset + step < tableCount ? offset + step : offset + step - tableCount;
        const room = seats[t] as number;
        if (t === o || room === 0) continue;
        const deficit = (leaving[t] as number) + room - free;
        if (deficit >= 0 && deficit > worst) {
          worst = deficit;
          forced = t;
        }
        const cost = byTable[t] as number;
        if (cost < bestCost || (cost === bestCost && room > bestRoom)) {
          bestCost = cost;
          bestRoom = room;
          target = t;
        }
      }
      this.#untally(p);
      if (forced >= 0) target = forced;
      if (target < 0) {
        // Only the person's own table has a seat left: they stay (infeasible capacities only).
        target = o;
        this.#stays++;
      }
      tableOf[p] = target;
      this.#members[target]?.push(p);
      seats[target] = (seats[target] as number) - 1;
      free--;
      if (o >= 0) leaving[o] = (leaving[o] as number) - 1;
    }
  }

  improve(random: Random): void {
    const { tableCount, origin, fixedAt, tableOf } = this;
    let work = 0;
    for (let pass = 0; pass < ROTATION_LIMITS.maxSwapPasses; pass++) {
      let improved = false;
      for (const p of random.shuffle(this.movers.slice())) {
        const a = tableOf[p] as number;
        work += this.#tally(p);
        const costHere = this.#byTable[a] as number;
        let bestDelta = 0;
        let bestQ = -1;
        if (costHere > 0) {
          for (let b = 0; b < tableCount; b++) {
            const costThere = this.#byTable[b] as number;
            // p must not get worse; q's side can still make the swap pay off.
            if (b === a || b === origin[p] || costThere > costHere) continue;
            for (const q of this.#members[b] as number[]) {
              if ((fixedAt[q] as number) >= 0 || origin[q] === a) continue;
              const together = this.#byPerson[q] as number;
              work += 2 * this.#degree(q);
              const delta =
                costThere -
                together +
                (this.#meetings(q, a) - together) -
                costHere -
                this.#meetings(q, b);
              if (delta < bestDelta) {
                bestDelta = delta;
                bestQ = q;
              }
            }
          }
        }
        this.#untally(p);
        if (bestQ >= 0) {
          this.#swap(p, bestQ);
          improved = true;
        }
        if (work > ROTATION_LIMITS.swapWorkBudget) return;
      }
      if (!improved) return;
    }
  }

  /** Forced stays first, then total past meetings among people now seated together. */
  score(): number {
    let total = 0;
    for (let p = 0; p < this.tableOf.length; p++) {
      const t = this.tableOf[p] as number;
      if (t >= 0) total += this.#meetings(p, t);
    }
    return this.#stays * 1e9 + total / 2;
  }

  #degree(p: number): number {
    return (this.graph.start[p + 1] as number) - (this.graph.start[p] as number);
  }

  /** Past meetings of `p` with the people now at table `t` (excluding `p`). */
  #meetings(p: number, t: number): number {
    const { start, partner, times } = this.graph;
    let sum = 0;
    for (let e = start[p] as number; e < (start[p + 1] as number); e++) {
      if (this.tableOf[partner[e] as number] === t) sum += times[e] as number;
    }
    return sum;
  }

  #tally(p: number): number {
    const { start, partner, times } = this.graph;
    for (let e = start[p] as number; e < (start[p + 1] as number); e++) {
      const q = partner[e] as number;
      const t = this.tableOf[q] as number;
      this.#byPerson[q] = times[e] as number;
      if (t >= 0) this.#byTable[t] = (this.#byTable[t] as number) + (times[e] as number);
    }
    return this.#degree(p);
  }

  #untally(p: number): void {
    const { start, partner } = this.graph;
    for (let e = start[p] as number; e < (start[p + 1] as number); e++) {
      const q = partner[e] as number;
      const t = this.tableOf[q] as number;
      this.#byPerson[q] = 0;
      if (t >= 0) this.#byTable[t] = 0;
    }
  }

  #swap(p: number, q: number): void {
    const a = this.tableOf[p] as number;
    const b = this.tableOf[q] as number;
    const atA = this.#members[a] as number[];
    const atB = this.#members[b] as number[];
    atA[atA.indexOf(p)] = q;
    atB[atB.indexOf(q)] = p;
    this.tableOf[p] = b;
    this.tableOf[q] = a;
  }
}

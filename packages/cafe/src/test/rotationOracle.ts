import { PairHistory, type Seating } from "../PairHistory";
import type { RotationInput } from "../rotationTypes";

/** The café of an input, counted independently of the planner. */
export interface CafeCounts {
  /** People present. */
  readonly present: number;
  /** Per table: 1 when its host is present. */
  readonly hosts: number[];
  /** Per table: non-hosts seated there now (they must travel). */
  readonly travellers: number[];
  /** Present people without a seat who are not hosts. */
  readonly late: number;
  readonly capacities: number[];
}

export function countCafe(input: RotationInput): CafeCounts {
  const hostIds = new Set(input.tables.map((t) => t.hostId));
  const index = new Map(input.tables.map((t, i) => [t.id, i]));
  const hosts = input.tables.map((t) =>
    t.hostId !== null && Object.hasOwn(input.seating, t.hostId) ? 1 : 0,
  );
  const travellers = input.tables.map(() => 0);
  let late = 0;
  for (const [id, tableId] of Object.entries(input.seating)) {
    if (hostIds.has(id)) continue;
    if (tableId === null) late++;
    else {
      const i = index.get(tableId) as number;
      travellers[i] = (travellers[i] as number) + 1;
    }
  }
  return {
    present: Object.keys(input.seating).length,
    hosts,
    travellers,
    late,
    capacities: input.tables.map((t) => t.capacity ?? Number.POSITIVE_INFINITY),
  };
}

/**
 * Brute force: is there any seating (tables unlimited) where hosts stay, every traveller leaves
 * their table, and sizes differ by at most one? Tries every choice of which tables get the
 * larger size; by Hall's theorem a size vector works when each table's leavers fit in the seats
 * of the other tables.
 */
export function balancedAllMoveExists(counts: CafeCounts): boolean {
  const tableCount = counts.hosts.length;
  if (tableCount === 1) return true;
  const { present, hosts, travellers, late } = counts;
  const movers = travellers.reduce((a, b) => a + b, 0) + late;
  const small = Math.floor(present / tableCount);
  const bigOnes = present % tableCount;
  for (let mask = 0; mask < 1 << tableCount; mask++) {
    if (popCount(mask) !== bigOnes) continue;
    let ok = true;
    for (let i = 0; i < tableCount && ok; i++) {
      const size = small + ((mask >> i) & 1);
      const seatsForMovers = size - (hosts[i] as number);
      ok = seatsForMovers >= 0 && (travellers[i] as number) <= movers - seatsForMovers;
    }
    if (ok) return true;
  }
  return false;
}

/** Hall's condition with capacities: can every traveller leave and everyone find a seat? */
export function allMoveExists(counts: CafeCounts): boolean {
  const { hosts, travellers, late, capacities } = counts;
  if (hosts.length === 1) return travellers[0] === 0;
  const free = capacities.map((c, i) => c - (hosts[i] as number));
  const totalFree = free.reduce((a, b) => a + b, 0);
  const movers = travellers.reduce((a, b) => a + b, 0) + late;
  if (movers > totalFree) return false;
  return travellers.every((m, i) => m <= totalFree - (free[i] as number));
}

/** Repeated pairs of a seating, counted pair by pair against a history built from scratch. */
export function bruteForceRepeats(
  history: readonly Seating[],
  base: Seating,
  seating: Seating,
): number {
  const met = PairHistory.fromSeatings([...history, base]);
  const ids = Object.keys(seating);
  let repeats = 0;
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const a = ids[i] as string;
      const b = ids[j] as string;
      if (seating[a] !== null && seating[a] === seating[b] && met.count(a, b) > 0) repeats++;
    }
  }
  return repeats;
}

function popCount(mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m >>= 1) count += m & 1;
  return count;
}

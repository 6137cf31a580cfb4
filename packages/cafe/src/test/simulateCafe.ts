import { createRandom, type Random } from "../createRandom";
import { PairHistory, type Seating } from "../PairHistory";
import { planRotation } from "../planRotation";
import type { RotationTable } from "../rotationTypes";

/** Which rotation a simulated café uses. */
export type Rotator = "planner" | "random";

/** A café of `tableCount` tables, each a host plus `travellersPerTable`, seated at random. */
export function createCafe(
  tableCount: number,
  travellersPerTable: number,
  random: Random,
): { tables: RotationTable[]; seating: Record<string, string | null> } {
  const tables: RotationTable[] = [];
  const seating: Record<string, string | null> = {};
  for (let t = 0; t < tableCount; t++) {
    tables.push({ id: `t${t}`, hostId: `h${t}` });
    seating[`h${t}`] = `t${t}`;
  }
  const travellers: string[] = [];
  for (let i = 0; i < tableCount * travellersPerTable; i++) travellers.push(`p${i}`);
  random.shuffle(travellers).forEach((id, i) => {
    seating[id] = `t${Math.floor(i / travellersPerTable)}`;
  });
  return { tables, seating };
}

/**
 * The baseline: a uniformly random *valid* rotation. Hosts stay, each table keeps its number of
 * traveller seats, and travellers are shuffled into those seats until nobody lands where they sat.
 */
export function randomRotation(
  tables: readonly RotationTable[],
  seating: Seating,
  random: Random,
): Record<string, string | null> {
  const hosts = new Set(tables.map((t) => t.hostId));
  const travellers = Object.keys(seating).filter((id) => !hosts.has(id));
  const seats = travellers.map((id) => seating[id] ?? null);
  for (let attempt = 0; attempt < 1_000_000; attempt++) {
    random.shuffle(seats);
    if (travellers.every((id, i) => seats[i] !== seating[id])) {
      const next: Record<string, string | null> = { ...seating };
      travellers.forEach((id, i) => {
        next[id] = seats[i] ?? null;
      });
      return next;
    }
  }
  throw new Error("randomRotation: no valid shuffle found");
}

/** Repeated pairings: for every pair, the times they sat together beyond the first. */
export function countRepeats(seatings: readonly Seating[]): number {
  const history = PairHistory.fromSeatings(seatings);
  const ids = new Set<string>();
  for (const seating of seatings) for (const id of Object.keys(seating)) ids.add(id);
  let repeats = 0;
  for (const id of ids) {
    for (const [other, times] of history.partnersOf(id)) if (other > id) repeats += times - 1;
  }
  return repeats;
}

/** Runs `rounds` rounds (the first seated at random) and returns every round's seating. */
export function simulateCafe(options: {
  seed: number;
  tableCount: number;
  travellersPerTable: number;
  rounds: number;
  rotator: Rotator;
}): Seating[] {
  const random = createRandom(options.seed);
  const { tables, seating } = createCafe(options.tableCount, options.travellersPerTable, random);
  const seatings: Seating[] = [seating];
  for (let round = 1; round < options.rounds; round++) {
    const current = seatings[seatings.length - 1] as Seating;
    const next =
      options.rotator === "random"
        ? randomRotation(tables, current, random)
        : planRotation({
            tables,
            seating: current,
            history: seatings.slice(0, -1),
            seed: options.seed * 31 + round,
          }).seating;
    seatings.push(next);
  }
  return seatings;
}

import type { PairCounts, Seating } from "./PairHistory";
import type { RotationStats, RotationTable } from "./rotationTypes";

/**
 * Measures a proposed `seating` against the seating it replaces (`base`) and the pair `history`.
 * Runs in time proportional to people plus remembered pairs, so it is cheap enough to recompute
 * after every hand edit.
 */
export function computeRotationStats(
  tables: readonly RotationTable[],
  base: Seating,
  seating: Seating,
  history: PairCounts,
): RotationStats {
  const sizes: Record<string, number> = {};
  for (const table of tables) sizes[table.id] = 0;
  const hosts = new Set<string>();
  for (const table of tables) if (table.hostId !== null) hosts.add(table.hostId);

  let repeatPairs = 0;
  let repeatWeight = 0;
  let maxRepeat = 0;
  const stayed: string[] = [];
  const unseated: string[] = [];
  for (const participantId of Object.keys(seating).sort()) {
    const tableId = seating[participantId] ?? null;
    if (tableId === null) {
      unseated.push(participantId);
      continue;
    }
    sizes[tableId] = (sizes[tableId] ?? 0) + 1;
    if (!hosts.has(participantId) && base[participantId] === tableId) stayed.push(participantId);
    history.forEachPartner(participantId, (partnerId, times) => {
      // Each pair is seen from both sides; count it from the smaller id only.
      if (partnerId <= participantId || seating[partnerId] !== tableId) return;
      repeatPairs++;
      repeatWeight += times;
      if (times > maxRepeat) maxRepeat = times;
    });
  }

  let largest = 0;
  let smallest = Number.POSITIVE_INFINITY;
  const hostlessTables: string[] = [];
  const overCapacityTables: string[] = [];
  for (const table of tables) {
    const size = sizes[table.id] ?? 0;
    largest = Math.max(largest, size);
    smallest = Math.min(smallest, size);
    if (table.hostId === null || seating[table.hostId] !== table.id) hostlessTables.push(table.id);
    if (table.capacity !== undefined && size > table.capacity) overCapacityTables.push(table.id);
  }
  return {
    repeatPairs,
    repeatWeight,
    maxRepeat,
    maxSizeDiff: tables.length === 0 ? 0 : largest - smallest,
    sizes,
    stayed,
    unseated,
    hostlessTables,
    overCapacityTables,
  };
}

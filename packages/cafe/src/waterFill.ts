import type { Random } from "./createRandom";

/**
 * Splits `total` people over tables as evenly as the bounds allow: each size lies in
 * `[lower[i], upper[i]]`, and two tables differ by more than one only when the smaller one is at
 * its upper bound or the larger one at its lower bound. Sizes are `clamp(level, lower, upper)` for
 * the highest integer level that does not overshoot, and the remainder goes one each to tables
 * that can still grow, picked in a seeded order.
 *
 * Returns `null` when the bounds cannot hold `total` (sum of lower > total or sum of upper < total).
 */
export function waterFill(
  lower: readonly number[],
  upper: readonly number[],
  total: number,
  random: Random,
): number[] | null {
  const n = lower.length;
  let lowSum = 0;
  let highSum = 0;
  for (let i = 0; i < n; i++) {
    lowSum += lower[i] as number;
    highSum += Math.max(lower[i] as number, upper[i] as number);
  }
  if (lowSum > total || highSum < total) return null;

  const filled = (level: number): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += clamp(level, lower[i] as number, upper[i] as number);
    return sum;
  };
  // Highest level whose fill does not exceed total; fill(0) = lowSum <= total.
  let lo = 0;
  let hi = Math.max(total, 1);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (filled(mid) <= total) lo = mid;
    else hi = mid - 1;
  }
  const sizes = lower.map((l, i) => clamp(lo, l, upper[i] as number));
  let remainder = total - filled(lo);
  const growable: number[] = [];
  for (let i = 0; i < n; i++) {
    if (clamp(lo + 1, lower[i] as number, upper[i] as number) > (sizes[i] as number)) {
      growable.push(i);
    }
  }
  random.shuffle(growable);
  for (const i of growable) {
    if (remainder === 0) break;
    sizes[i] = (sizes[i] as number) + 1;
    remainder--;
  }
  return sizes;
}

function clamp(value: number, lower: number, upper: number): number {
  return Math.max(lower, Math.min(upper, value));
}

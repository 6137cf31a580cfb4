/**
 * Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one
 * machine (load clients may run in two worker processes).
 */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

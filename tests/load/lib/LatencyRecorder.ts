/** Percentiles of a latency sample, milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Collects latency samples (ms) into a growable Float64Array; summarises by sorting once. */
export class LatencyRecorder {
  private samples = new Float64Array(1 << 16);
  private size = 0;

  add(ms: number): void {
    if (this.size === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.size++] = ms;
  }

  addAll(values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) this.add(values[i] ?? 0);
  }

  get count(): number {
    return this.size;
  }

  /** The samples recorded so far (a copy). */
  values(): Float64Array {
    return this.samples.slice(0, this.size);
  }

  summary(): LatencySummary {
    return summarize(this.values());
  }
}

/** Percentiles (nearest rank) of a sample; all NaN when it is empty. */
export function summarize(values: Float64Array): LatencySummary {
  const sorted = values.slice().sort();
  const n = sorted.length;
  const at = (q: number): number =>
    n === 0 ? Number.NaN : (sorted[Math.min(n - 1, Math.ceil(q * n) - 1)] ?? Number.NaN);
  let total = 0;
  for (let i = 0; i < n; i++) total += sorted[i] ?? 0;
  return {
    count: n,
    p50: at(0.5),
    p90: at(0.9),
    p95: at(0.95),
    p99: at(0.99),
    max: n === 0 ? Number.NaN : (sorted[n - 1] ?? Number.NaN),
    mean: n === 0 ? Number.NaN : total / n,
  };
}

import { fmt } from "./format";
import type { Check, RunMetrics } from "./report";

/** A figure of a run: a scenario value or one of the common ones. */
export function figure(run: RunMetrics | undefined, key: string): number | null {
  if (!run) return null;
  const value =
    key === "serverCpuMs"
      ? run.serverCpuMs
      : key === "serverPeakRssMb"
        ? run.serverPeakRssMb
        : run.values[key];
  return value === undefined || Number.isNaN(value) ? null : value;
}

/** Ours must be at most `factor` × the reference's (lower is better). */
export function atMostRatio(
  name: string,
  key: string,
  factor: number,
  ours: RunMetrics | undefined,
  reference: RunMetrics | undefined,
): Check {
  const a = figure(ours, key);
  const b = figure(reference, key);
  return {
    name,
    target: factor === 1 ? "ours ≤ reference" : `ours ≤ ${factor} × reference`,
    ours: a,
    reference: b,
    pass: a === null || b === null ? null : a <= factor * b,
  };
}

/** A bound on our figure alone (`≤` or `≥` a limit); the reference's is shown for context. */
export function bound(
  name: string,
  key: string,
  op: "<=" | ">=",
  limit: number,
  unit: string,
  ours: RunMetrics | undefined,
  reference: RunMetrics | undefined,
): Check {
  const a = figure(ours, key);
  return {
    name,
    target: `ours ${op === "<=" ? "≤" : "≥"} ${fmt(limit)}${unit ? ` ${unit}` : ""}`,
    ours: a,
    reference: figure(reference, key),
    pass: a === null ? null : op === "<=" ? a <= limit : a >= limit,
  };
}

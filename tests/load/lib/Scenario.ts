import type { Check, MetricSpec, RunMetrics, ScenarioConfig } from "./report";
import type { ServerKind } from "./servers";

/**
 * One benchmark. It starts (and restarts) its own servers, so a scenario that restarts the
 * server or reads its SQLite file after SIGTERM controls that itself.
 */
export interface Scenario<C extends ScenarioConfig = ScenarioConfig> {
  name: string;
  description: string;
  /** The target config, or a small one that finishes in seconds. */
  config(quick: boolean): C;
  /** Figures printed for both servers with their ratio, in this order. */
  metrics: readonly MetricSpec[];
  run(kind: ServerKind, config: C): Promise<RunMetrics>;
  /**
   * How many times to run each server, interleaved (ours, reference, reference, ours, …, so a
   * drift of the machine weighs on both alike); default 1. A figure decided by a few rare stalls
   * (a p99 on a shared 2-core machine) needs several runs to be a measurement rather than a draw.
   */
  repeats?(config: C): number;
  /**
   * The config of one short run before the measured ones, against the first server, whose figures
   * are thrown away: it warms the load generator (its JIT, its heap), which otherwise made the
   * first measured run, always the same server's, the slowest. Absent: no such run.
   */
  generatorWarmUp?(config: C): C | undefined;
  /** One server's repeated runs as one result (required when `repeats` gives more than 1). */
  combine?(runs: readonly RunMetrics[], config: C): RunMetrics;
  /** The brief's targets, judged on the figures (either side may be missing). */
  checks(config: C, ours: RunMetrics | undefined, reference: RunMetrics | undefined): Check[];
}
